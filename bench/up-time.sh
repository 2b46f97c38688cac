#!/usr/bin/env bash
# Seconds from nothing to every Galera node Synced and every region endpoint answering (issue 4 target: <= 30 s
# on a 2-core machine with packages installed). `meridian up` returns only when both hold.
# Usage: bench/up-time.sh [SPEC]   (root)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
export MERIDIAN_STATE_ROOT=${MERIDIAN_STATE_ROOT:-/tmp/mbench}
spec=("$@")
"$here/meridian" down "${spec[@]}" >/dev/null 2>&1 || true
"$here/meridian" validate "${spec[@]}" >/dev/null   # builds the binaries first, so the timing excludes compilation
trap '"$here/meridian" down "${spec[@]}" >/dev/null 2>&1 || true' EXIT
start=$(date +%s.%N)
"$here/meridian" up "${spec[@]}"
end=$(date +%s.%N)
"$here/bench/lab-memory.sh" "${spec[@]}" || true
awk -v s="$start" -v e="$end" 'BEGIN{printf "up-time: %.1f s from nothing to every node Synced and every endpoint answering (target <= 30 s)\n", e-s}'
