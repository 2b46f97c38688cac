#!/usr/bin/env bash
# RSS of every process a running lab recorded in its state file, plus their descendants (an agent's mariadbd).
# Budgets (brief): the whole default three-region lab < 1.5 GiB; each Meridian agent < 60 MB.
# Usage: bench/lab-memory.sh [SPEC]   (root; reads $MERIDIAN_STATE_ROOT/<cluster>/state.json)
set -euo pipefail
root=${MERIDIAN_STATE_ROOT:-/var/lib/meridian}
cluster=demo
[ $# -gt 0 ] && [ -f "$1" ] && cluster=$(awk '/^cluster:/{print $2}' "$1")
state="$root/$cluster/state.json"
[ -f "$state" ] || { echo "no lab state at $state" >&2; exit 1; }
python3 - "$state" <<'PY'
import json, os, sys
state = json.load(open(sys.argv[1]))
children = {}
for pid in filter(str.isdigit, os.listdir('/proc')):
    try:
        stat = open(f'/proc/{pid}/stat').read()
        ppid = int(stat[stat.rindex(')') + 2:].split()[1])
        children.setdefault(ppid, []).append(int(pid))
    except OSError:
        pass
def rss_kb(pid):
    try:
        for line in open(f'/proc/{pid}/status'):
            if line.startswith('VmRSS:'):
                return int(line.split()[1])
    except OSError:
        pass
    return 0
def comm(pid):
    try:
        return open(f'/proc/{pid}/comm').read().strip()
    except OSError:
        return '?'
total = 0
print(f"{'process':<14} {'host':<24} {'pid':>7} {'RSS MB':>8}")
seen = set()
def show(name, host, pid, depth=0):
    global total
    if pid in seen:
        return
    seen.add(pid)
    kb = rss_kb(pid)
    total += kb
    label = ('  ' * depth) + (name if depth == 0 else comm(pid))
    print(f"{label:<14} {host:<24} {pid:>7} {kb/1024:>8.1f}")
    for child in children.get(pid, []):
        show(name, host, child, depth + 1)
for p in state['processes']:
    show(p['name'], p['host'] or '-', p['identity']['pid'])
print(f"total RSS: {total/1024:.0f} MB (budget 1536 MB)")
PY
