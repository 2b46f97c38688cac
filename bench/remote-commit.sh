#!/usr/bin/env bash
# Commit latency from one region to one data node of a running lab, as a client in that region pays it: one TLS
# connection from the region's router namespace, N autocommit INSERTs, timed client-side as (a session with N
# INSERTs − the same session with none) / N. Shows what a connection served by another region's node costs
# (docs/performance.md#the-fresh-cluster-transient): the floor F plus the round trip to that node.
#
# Usage: bench/remote-commit.sh CLUSTER FROM_REGION NODE_ADDRESS [N]   e.g. bench/remote-commit.sh demo us-east-1 192.168.3.20 40
# The application password is read from the lab's secrets.env and passed in MYSQL_PWD, never on the command line.
# Needs root.
set -euo pipefail
case "${1:-}" in -h|--help|"") sed -n '2,9p' "$0"; exit 0 ;; esac
cluster=$1 from=$2 address=$3 n=${4:-40}
state=${MERIDIAN_STATE_ROOT:-/var/lib/meridian}/$cluster
[ -f "$state/secrets.env" ] || { echo "no lab '$cluster' in $state: bring it up first (meridian up)" >&2; exit 2; }
ns="mrd-$cluster--$from-vpn"
ip netns list | grep -q "^$ns\b" || { echo "no region '$from' in lab '$cluster' (no namespace $ns)" >&2; exit 2; }
MYSQL_PWD=$(grep '^MERIDIAN_APP_PASSWORD=' "$state/secrets.env" | cut -d= -f2-)
export MYSQL_PWD
session() {
  { echo "CREATE TABLE IF NOT EXISTS remote_commit (id INT AUTO_INCREMENT PRIMARY KEY, v INT) ENGINE=InnoDB;"
    echo "SELECT @@wsrep_node_name;"
    for i in $(seq 1 "$1"); do echo "INSERT INTO remote_commit (v) VALUES ($i);"; done
  } | ip netns exec "$ns" mariadb --no-defaults -h "$address" -u app --ssl --ssl-ca="$state/pki/ca-sql.crt" -N -B app
}
session 0 >/dev/null
t0=$(date +%s.%N); node=$(session 0); t1=$(date +%s.%N); session "$n" >/dev/null; t2=$(date +%s.%N)
awk -v a="$t0" -v b="$t1" -v c="$t2" -v n="$n" -v from="$from" -v node="$node" -v address="$address" \
  'BEGIN { printf "from %s to %s (%s): %.1f ms per autocommit INSERT over %d\n", from, node, address, ((c - b) - (b - a)) / n * 1000, n }'
