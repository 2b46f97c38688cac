#!/usr/bin/env bash
# WAN performance benchmark: builds one lab per Galera configuration from the spec (Meridian's derived settings,
# Galera's defaults, the old tutorial's my.cnf), runs sysbench oltp_insert / oltp_write_only / oltp_read_only at
# 1, 4, 16 and 64 clients, a single-client INSERT probe from every region and a multi-writer run on hot and disjoint
# rows, all against the commit floor F = (RTT12 + RTT13 + RTT23) / 2; then two labs with 2 nodes per region, with and
# without segments, for WAN bytes per transaction. Each lab is torn down before the next. About 10 minutes.
#
# Usage: bench/wan-perf.sh [SPEC] [options of `meridian bench wan`, e.g. --duration 15s --configurations derived,defaults]
#   SPEC   the cluster spec (default: the built-in three regions, 65/150/100 ms). No other lab may be up.
# Writes bench/results/<date>-wan-perf.md, .json and .svg. Needs root. See docs/performance.md.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
case "${1:-}" in
  -h|--help) sed -n '2,10p' "$0"; exec "$here/meridian" bench wan --help ;;
esac
exec "$here/meridian" bench wan --out "$here/bench/results" "$@"
