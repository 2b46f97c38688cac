#!/usr/bin/env bash
# Where the lab's CPU goes (issue 15, the 64-client gap): sysbench through the first region's endpoint of a running lab,
# and the cores each part used meanwhile (mariadbd, charon with its userspace ESP, the supervisor's WAN hub and
# endpoint forwarders, HAProxy, etcd, agents and their child processes, sysbench itself, kernel threads), beside the
# throughput as a fraction of N/F. A box near its core count is lab-bound; one with idle cores is bound elsewhere.
#
# Usage: bench/cpu-profile.sh [SPEC] [--up] [--workload oltp_insert] [--distribution uniform|special] [--clients 64] [--duration 20s] [--runs 3] [--format json]
#   --up      run `meridian up` first and `meridian down` afterwards; without it the lab must already be up
# Needs root. Run it on a quiet machine. See docs/performance.md#where-the-cpu-goes.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
spec=() up=0 extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --up) up=1; shift ;;
    --workload|--distribution|--clients|--duration|--runs|--format) extra+=("$1" "$2"); shift 2 ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) spec=("$1"); shift ;;
  esac
done

# shellcheck source=bench/lib/lab-up.sh
. "$here/bench/lib/lab-up.sh"
bench_up_if_asked "$up" "${spec[@]}"

"$here/meridian" bench cpu "${spec[@]}" "${extra[@]}"
