#!/usr/bin/env bash
# Single-client autocommit INSERT latency through each region's SQL endpoint (127.0.0.1:3306, :3307, … in spec
# order), p50/p99 per region against the floor F = (RTT12 + RTT13 + RTT23) / 2 from the spec's RTT matrix.
# Galera's safe delivery makes every commit pay the ring writer → a → b → writer, so p50 should sit just above F from
# every region (the lab measured 1.014 × F at 65/150/100 ms: docs/lab-notes.md#what-sets-commit-latency).
#
# Usage: bench/commit-latency.sh [SPEC] [-n N] [--up] [--format json]
#   SPEC      the cluster spec (default: the built-in three regions, 65/150/100 ms)
#   -n N      timed INSERTs per region (default 200, after 5 warm-up statements)
#   --up      run `meridian up` first and `meridian down` afterwards; without it the lab must already be up
# Needs root (the state directory's secrets.env is 0600) and a lab whose Galera nodes and endpoints run; without a
# database behind the endpoint it fails with the endpoint's address and exit code 1.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
spec=() count=200 up=0 format=()
while [ $# -gt 0 ]; do
  case "$1" in
    -n) count=$2; shift 2 ;;
    --up) up=1; shift ;;
    --format) format=(--format "$2"); shift 2 ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) spec=("$1"); shift ;;
  esac
done

# shellcheck source=bench/lib/lab-up.sh
. "$here/bench/lib/lab-up.sh"
bench_up_if_asked "$up" "${spec[@]}"

"$here/meridian" bench commit-latency "${spec[@]}" -n "$count" "${format[@]}"
