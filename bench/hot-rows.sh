#!/usr/bin/env bash
# Hot rows, settled (issue 15): on one running lab, every region's writers update 8 shared rows (then disjoint rows)
# under each setting in turn: derived, Galera's defaults, and derived with one setting reverted (user-window,
# windows, fc-limit). The variants are interleaved round by round, so run order and leftover work hit each alike; every
# run records the wsrep counters and the conflicts cert.log_conflicts logged. Prints the median and spread per variant.
#
# Usage: bench/hot-rows.sh [SPEC] [--up] [--rounds 5] [--duration 20s] [--disjoint-duration 10s]
#                          [--writers-per-region 4] [--variants LIST] [--format json]
#   --up      run `meridian up` first and `meridian down` afterwards; without it the lab must already be up
# A segments-off lab (galera.tuning: defaults) shows what the one static difference, gmcast.segment, does.
# Needs root. Run it on a quiet machine. See docs/performance.md#hot-rows.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
spec=() up=0 extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --up) up=1; shift ;;
    --rounds|--duration|--disjoint-duration|--writers-per-region|--variants|--format) extra+=("$1" "$2"); shift 2 ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    *) spec=("$1"); shift ;;
  esac
done

# shellcheck source=bench/lib/lab-up.sh
. "$here/bench/lib/lab-up.sh"
bench_up_if_asked "$up" "${spec[@]}"

"$here/meridian" bench hot-rows "${spec[@]}" "${extra[@]}"
