#!/usr/bin/env bash
# False evictions under a realistic WAN (issue 15): 5 % jitter (of each link's RTT, uniform ± per direction) and 0.5 %
# loss on every link, sysbench oltp_write_only at 16 clients for 10 minutes through the first region's endpoint, then
# the view changes and evictions every node's mariadbd error log gained meanwhile. The result must be 0.
#   --sweep 1s,1.5s,1.9s,3s,5s   instead: for each evs.suspect_timeout (set on the running nodes, with keepalive,
#                                inactive and install moved to keep Galera's ranges), a loaded run of --duration and
#                                then the failover time (isolate the last region → writes through a survivor), for the
#                                failover-against-false-evictions curve in docs/performance.md#failover.
#
# Usage: bench/false-evictions.sh [SPEC] [--up] [--duration 10m] [--clients 16] [--jitter-percent 5] [--loss-percent 0.5]
#                                 [--sweep LIST] [--isolate REGION] [--format json]
#   --up      run `meridian up` first and `meridian down` afterwards; without it the lab must already be up
# Exit code 1 when any view change or eviction was counted. Needs root. Run it on a quiet machine.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
spec=() up=0 extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --up) up=1; shift ;;
    --duration|--clients|--jitter-percent|--loss-percent|--sweep|--isolate|--format) extra+=("$1" "$2"); shift 2 ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) spec=("$1"); shift ;;
  esac
done

# shellcheck source=bench/lib/lab-up.sh
. "$here/bench/lib/lab-up.sh"
bench_up_if_asked "$up" "${spec[@]}"

"$here/meridian" bench false-evictions "${spec[@]}" --out "$here/bench/results" "${extra[@]}"
