#!/usr/bin/env bash
# Times `meridian validate` on the hostile specs of issue 11 (docs/spec.md, "Limits"; docs/security.md, "Hostile input"):
# for each, the exit code (2 = a located error; 134 was the stack overflow), wall time, peak RSS and the first
# diagnostic line. Targets: under 1 s and under 100 MB each. Printed, not asserted: the machine may be busy.
#   bench/hostile-specs.sh                 uses the Release build of the CLI
#   MERIDIAN=out/bin/meridian bench/hostile-specs.sh
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
meridian=${MERIDIAN:-$here/src/Meridian.Cli/bin/Release/net10.0/meridian}
[ -x "$meridian" ] || { echo "no CLI at $meridian: dotnet build Meridian.sln -c Release, or set MERIDIAN" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (Debian package: time)" >&2; exit 1; }

dir=$(mktemp -d /tmp/hostile-specs.XXXXXX)
trap 'rm -rf "$dir"' EXIT

python3 - "$dir" <<'PY'
import sys, os
d = sys.argv[1]
def write(name, text):
    with open(os.path.join(d, name), "w") as f:
        f.write(text)
def regions(n):
    return "cluster: demo\nregions:\n" + "".join(f"  - name: r{i}\n    cidr: 10.{i // 256}.{i % 256}.0/24\n" for i in range(n))
write("nested-30000.yaml", "cluster: demo\nregions: " + "[" * 30000 + "]" * 30000 + "\n")
write("regions-1000.yaml", regions(1000))
write("regions-3000.yaml", regions(3000))
write("regions-17.yaml", regions(17))
write("cluster-name-20mb.yaml", "cluster: " + "a" * (20 * 1024 * 1024) + "\nregions: [{name: a}, {name: b}]\n")
write("value-1000.yaml", "cluster: demo\nregions: [{name: a}, {name: " + "x" * 1000 + "}]\n")
# "billion laughs": ten levels of ten aliases, the expanded list used twice as a mapping key
bomb = "cluster: demo\nregions: [{name: a}, {name: b}]\nwan:\n  rtt:\n    l0: &l0 [" + ", ".join(["x"] * 10) + "]\n"
for i in range(1, 10):
    bomb += f"    l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 10) + "]\n"
write("alias-bomb.yaml", bomb + "database:\n  ? *l9\n  : 1\n  ? *l9\n  : 2\n")
PY

cp "$here/examples/three-regions.yaml" "$dir/baseline-valid.yaml"

# The first row is a small valid spec: the CLI's own start-up (the JIT, System.CommandLine, Spectre.Console) is most of each time.
printf '%-24s %9s %4s %9s %10s  %s\n' spec bytes rc seconds "peak MB" "first error (or warning)"
for spec in baseline-valid nested-30000 regions-1000 regions-3000 regions-17 cluster-name-20mb value-1000 alias-bomb; do
  file="$dir/$spec.yaml"
  set +e
  /usr/bin/time -v -o "$dir/time.txt" env NO_COLOR=1 "$meridian" validate "$file" >"$dir/out.txt" 2>&1
  rc=$?
  set -e
  seconds=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }' "$dir/time.txt")
  peak=$(awk -F': ' '/Maximum resident set size/ { printf "%.1f", $2 / 1024 }' "$dir/time.txt")
  first=$( (grep -m1 ' error ' "$dir/out.txt" || grep -m1 -E ' warning |^valid' "$dir/out.txt" || true) | sed "s|$dir/||" | cut -c1-110)
  printf '%-24s %9s %4s %9s %10s  %s\n' "$spec" "$(stat -c %s "$file")" "$rc" "$seconds" "$peak" "$first"
done
