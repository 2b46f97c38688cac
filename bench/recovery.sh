#!/usr/bin/env bash
# Recovery times of a running lab:
#   1. isolate-region (the spec's last region, 20 s) → seconds until writes flow again through a surviving region's
#      endpoint (target ≤ 3 s on the default matrix; docs/performance.md#failover: expected 2.76 s with the derived
#      PT1.9S, against 5.6–6.1 s measured with evs.suspect_timeout=PT5S, docs/lab-notes.md#isolating-one-region). It
#      prints the expected failover of the lab's own matrix beside the measurement (bench/specs/far-jittery.yaml: 5.54 s);
#   2. crash-all (kill -9 every mariadbd at once) → seconds until every node is Synced in one full Primary component
#      (target ≤ 10 s). That depends on automatic crash recovery; without it the bench prints "timed out".
#
# Usage: bench/recovery.sh [SPEC] [--up] [--crash-timeout 60s] [--skip-crash-all] [--format json]
#   --up      run `meridian up` first and `meridian down` afterwards; without it the lab must already be up
# Exit code 1 when writes did not resume or crash-all timed out. Needs root.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
spec=() up=0 extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --up) up=1; shift ;;
    --crash-timeout|--format|--isolate) extra+=("$1" "$2"); shift 2 ;;
    --skip-crash-all) extra+=("$1"); shift ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) spec=("$1"); shift ;;
  esac
done

# shellcheck source=bench/lib/lab-up.sh
. "$here/bench/lib/lab-up.sh"
bench_up_if_asked "$up" "${spec[@]}"

"$here/meridian" bench recovery "${spec[@]}" "${extra[@]}"
