#!/usr/bin/env bash
# The whole suite: unit tests (no root) and integration tests (root, real daemons in namespaces).
# Ends with one plain line: "N passed, N failed".
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cd "$here"
# shellcheck source=scripts/lab-packages.sh
. "$here/scripts/lab-packages.sh"
# Test-only packages, on top of what ./meridian installs for users: the dashboard's browser tests drive Debian's
# headless Chromium (docs/lab.md#browser-tests).
MERIDIAN_PACKAGES+=(chromium)

results="$here/out/test-results"
rm -rf "$results"; mkdir -p "$results"

if [ "$(id -u)" -eq 0 ]; then
  meridian_ensure_packages || { echo "0 passed, 1 failed"; exit 1; }
fi

if ! dotnet build Meridian.sln -c Release -nologo -v:q >"$results/build.log" 2>&1; then
  grep -E 'error' "$results/build.log" | sort -u | head -40
  echo "build failed; log: $results/build.log"
  echo "0 passed, 1 failed"
  exit 1
fi

projects=(tests/Meridian.Core.Tests tests/Meridian.Integration.Tests)
passed=0; failed=0; skipped=0; status=0
for project in "${projects[@]}"; do
  name=$(basename "$project")
  echo "== $name"
  dotnet test "$project" -c Release --no-build -nologo \
    --logger "trx;LogFileName=$name.trx" --results-directory "$results" \
    --logger "console;verbosity=normal" --filter "Category!=Benchmark" >"$results/$name.log" 2>&1
  rc=$?
  grep -E '^\s+Skipped ' "$results/$name.log" | head -20
  # Each failure with its message, the top of its stack and the last lines it wrote, so that a CI log alone says why.
  awk 'function flush(  i, from) { if (out > 0) { print "  (last lines of its output)"; from = out > 25 ? out - 25 : 0; for (i = from; i < out; i++) print "    " ring[i % 25] } out = 0; inout = 0 }
       /^[[:space:]]+(Passed|Failed|Skipped) /{ flush(); show = 0 }
       /^[[:space:]]+Failed /{ show = 1; n = 0 }
       show && /Standard Output Messages:/{ inout = 1; next }
       show && inout { ring[out % 25] = $0; out++; next }
       show && n++ < 30
       END { flush() }' "$results/$name.log" | head -300
  trx="$results/$name.trx"
  counters=$(grep -o '<Counters [^>]*>' "$trx" 2>/dev/null | head -1)
  if [ -z "$counters" ]; then
    echo "  no test results (exit $rc); log: $results/$name.log"
    tail -20 "$results/$name.log"
    failed=$((failed + 1)); status=1; continue
  fi
  count() { sed -E "s/.* $1=\"([0-9]+)\".*/\1/" <<<"$counters"; }
  p=$(count passed); f=$(( $(count failed) + $(count error) + $(count timeout) + $(count aborted) ))
  s=$(( $(count total) - $(count executed) + $(count notExecuted) ))
  echo "  $name: $p passed, $f failed, $s skipped"
  passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s))
  [ "$rc" -ne 0 ] && status=1
done

[ "$failed" -gt 0 ] && status=1
if [ "$skipped" -gt 0 ]; then
  echo "$passed passed, $failed failed, $skipped skipped"
else
  echo "$passed passed, $failed failed"
fi
exit "$status"
