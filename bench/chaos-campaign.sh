#!/usr/bin/env bash
# Fault campaign: brings up its own lab (cluster "chaos", SQL endpoints on 127.0.0.1:21500-21502 unless SPEC says
# otherwise), plays a seeded random schedule of every fault kind (kill-node, kill-agent, kill-router, kill-etcd,
# isolate-region, cut-link, pause-node, crash-all; about one in four arriving while the previous one still recovers)
# for --duration while `meridian check` runs through every endpoint, and measures per fault the seconds until every
# node is Synced in one 3-node Primary component again. Tears the lab down afterwards.
#
# Usage: bench/chaos-campaign.sh [SPEC] [--duration 10m] [--seed N] [--keep] [other options of `meridian bench chaos`]
#   SPEC   a cluster spec (default: the built-in three regions, 65/150/100 ms, as cluster "chaos" on port 21500)
#   --keep leave the lab up afterwards (to inspect the tables and logs; `meridian down SPEC` removes it)
# Writes bench/results/<date>-chaos.md and .json, copies the lab's logs (supervisor, agents, mariadbd, charon, etcd)
# to a directory it prints before tearing the lab down; exit code 1 when a target was missed. Needs root.
# Method and the last results: docs/operations.md, "Fault campaign".
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
spec="" args=() keep=0
while [ $# -gt 0 ]; do
  case "$1" in
    --keep) keep=1; shift ;;
    -h|--help) sed -n '2,13p' "$0"; exec "$here/meridian" bench chaos --help ;;
    --*) args+=("$1" "$2"); shift 2 ;;
    *) spec="$1"; shift ;;
  esac
done

if [ -z "$spec" ]; then
  work=$(mktemp -d)
  spec="$work/chaos.yaml"
  cat >"$spec" <<'YAML'
cluster: chaos
regions:
  - name: us-east-1
    cidr: 192.168.1.0/24
  - name: us-west-2
    cidr: 192.168.2.0/24
  - name: ap-northeast-1
    cidr: 192.168.3.0/24
wan:
  rtt:
    us-east-1~us-west-2: 65ms
    us-east-1~ap-northeast-1: 150ms
    us-west-2~ap-northeast-1: 100ms
endpoints:
  port: 21500
YAML
fi

cluster=$(sed -n 's/^cluster:[[:space:]]*\([a-z0-9-]*\).*/\1/p' "$spec" | head -n 1)
state="${MERIDIAN_STATE_ROOT:-/var/lib/meridian}/$cluster"
finish() {
  logs=$(mktemp -d "${TMPDIR:-/tmp}/chaos-campaign-logs.XXXXXX")
  (cd "$state" 2>/dev/null && cp -r --parents log hosts/*/log "$logs"/ 2>/dev/null) || true
  echo "lab logs: $logs" >&2
  if [ "$keep" -eq 0 ]; then
    "$here/meridian" down "$spec" >/dev/null 2>&1 || true
  fi
}
trap finish EXIT
"$here/meridian" up "$spec" >&2
"$here/meridian" bench chaos "$spec" --out "$here/bench/results" "${args[@]}"
