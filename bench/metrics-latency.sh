#!/usr/bin/env bash
# How long each agent's GET /metrics takes (p50/p99/max per node), first idle, then while sysbench oltp_insert writes
# with 16 clients through the first region's endpoint. Target: p99 ≤ 50 ms per endpoint (docs/metrics.md, "Measured").
# Each scrape is a curl inside the node's own namespace that times its own request (curl -w %{time_total}), so neither
# `ip netns exec` nor curl's start is counted.
#
# Usage: bench/metrics-latency.sh [SPEC] [--clients N] [--duration 60s] [--up] [--format json]
#   SPEC         the cluster spec (default: the built-in three regions)
#   --clients N  sysbench oltp_insert clients (default 16)
#   --duration D how long sysbench runs (default 60s); scrapes every 200 ms meanwhile
#   --up         run `meridian up` first and `meridian down` afterwards; without it the lab must already be up
# Needs root (namespaces, the state directory's secrets), sysbench and curl. Exit code 1 when a node misses the target.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
spec=() up=0 extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --clients|--duration|--pace|--format) extra+=("$1" "$2"); shift 2 ;;
    --up) up=1; shift ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) spec=("$1"); shift ;;
  esac
done

# shellcheck source=bench/lib/lab-up.sh
. "$here/bench/lib/lab-up.sh"
bench_up_if_asked "$up" "${spec[@]}"

"$here/meridian" bench metrics "${spec[@]}" "${extra[@]}"
