#!/usr/bin/env bash
# Builds a lab from a spec with non-default RTTs, prints configured vs measured RTT for every region pair
# (over the WAN hub alone, and through the IPsec tunnels), plus one TCP stream's throughput through a tunnel,
# then tears the lab down. Target (issue 3): mean RTT within 3 % or 2 ms of configured.
# Usage: bench/wan-accuracy.sh [SPEC]   (root; default: a 3-region spec at 40/80/120 ms)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
export MERIDIAN_STATE_ROOT=${MERIDIAN_STATE_ROOT:-/tmp/mbench}
cluster=bench$$
spec=${1:-}
if [ -z "$spec" ]; then
  spec=$(mktemp /tmp/wan-accuracy-XXXX.yaml)
  cat >"$spec" <<YAML
cluster: $cluster
regions:
  - name: a
    cidr: 192.168.51.0/24
  - name: b
    cidr: 192.168.52.0/24
  - name: c
    cidr: 192.168.53.0/24
wan:
  rtt:
    a~b: 40ms
    a~c: 80ms
    b~c: 120ms
YAML
fi
cleanup() { "$here/meridian" down "$spec" >/dev/null 2>&1 || true; }
trap cleanup EXIT
"$here/meridian" up "$spec" >/dev/null
cluster=$(awk '/^cluster:/{print $2}' "$spec")
json=$("$here/meridian" wan show --spec "$spec" --format json)
mapfile -t pairs < <(python3 -c 'import json,sys; [print(l["from"], l["to"], l["rttMs"]) for l in json.load(sys.stdin) if l["from"] < l["to"]]' <<<"$json")

wan_addr() { "$here/meridian" validate "$spec" --format json | python3 -c "import json,sys; print([r['wan'] for r in json.load(sys.stdin)['topology'] if r['region']=='$1'][0])"; }
lan_addr() { "$here/meridian" validate "$spec" --format json | python3 -c "import json,sys; print([r['router'] for r in json.load(sys.stdin)['topology'] if r['region']=='$1'][0])"; }
avg() { awk -F'/' '/min\/avg\/max/{print $5}'; }

printf '%-24s %12s %14s %16s %8s\n' "pair" "configured" "hub (wan0)" "tunnel (LAN)" "within"
for line in "${pairs[@]}"; do
  read -r from to rtt <<<"$line"
  ns="mrd-$cluster--$from-vpn"
  hub=$(ip netns exec "$ns" ping -n -q -c 50 -i 0.02 "$(wan_addr "$to")" | avg)
  tun=$(ip netns exec "$ns" ping -n -q -c 50 -i 0.02 -I "$(lan_addr "$from")" "$(lan_addr "$to")" | avg)
  ok=$(awk -v c="$rtt" -v m="$hub" 'BEGIN{t=c*0.03; if(t<2)t=2; d=m-c; if(d<0)d=-d; print (d<=t)?"yes":"NO"}')
  printf '%-24s %9.1f ms %11.2f ms %13.2f ms %8s\n' "$from~$to" "$rtt" "$hub" "$tun" "$ok"
done

# One TCP stream through the first tunnel: socat sink on the responder router, dd through it for 5 s.
read -r from to _ <<<"${pairs[0]}"
dst=$(lan_addr "$to"); src=$(lan_addr "$from")
ip netns exec "mrd-$cluster--$to-vpn" socat -u TCP-LISTEN:5001,bind="$dst",reuseaddr OPEN:/dev/null &
sink=$!
sleep 0.3
start=$(date +%s.%N)
ip netns exec "mrd-$cluster--$from-vpn" timeout 5 sh -c "head -c 400000000 /dev/zero | socat -u - TCP:$dst:5001,bind=$src" || true
end=$(date +%s.%N)
bytes=$(ip netns exec "mrd-$cluster--$to-vpn" cat /proc/net/dev 2>/dev/null | awk '/ipsec0/{print $2}')
kill "$sink" 2>/dev/null || true; wait "$sink" 2>/dev/null || true
awk -v b="${bytes:-0}" -v s="$start" -v e="$end" -v p="$from~$to" 'BEGIN{printf "TCP through tunnel %s: %.0f Mbit/s (%.1f MB in %.1f s)\n", p, b*8/(e-s)/1e6, b/1e6, e-s}'
