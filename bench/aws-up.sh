#!/usr/bin/env bash
# provider: aws against the EC2 FAKE (tests/Meridian.Ec2Fake; no AWS endpoint is reachable here, docs/providers.md,
# "The EC2 fake (tests only)"), on lab bare machines: seconds from nothing to the instances running (issue 13 target:
# <= 90 s) and on to every node Synced (plus the ssh provider's time), resources created by a second `up` (target 0),
# and resources and namespaces left by `down` (target 0 and 0).
# Usage: bench/aws-up.sh   (root; its own cluster "ab" on 10.67.x; leaves nothing behind)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
export MERIDIAN_STATE_ROOT=${MERIDIAN_STATE_ROOT:-/tmp/mbench-aws}
m="$here/meridian"
ns=mrd-ab--operator
port=18480
"$m" --help >/dev/null                      # builds the CLI and the agent first, so no timing includes compilation
dotnet build "$here/tests/Meridian.Ec2Fake" -c Release -nologo -v:q >/dev/null
fake_dll="$here/tests/Meridian.Ec2Fake/bin/Release/net10.0/Meridian.Ec2Fake.dll"
mkdir -p "$MERIDIAN_STATE_ROOT"
key="$MERIDIAN_STATE_ROOT/operator_ed25519"
[ -f "$key" ] || ssh-keygen -q -t ed25519 -N '' -C operator@ab -f "$key"
spec="$MERIDIAN_STATE_ROOT/aws-bench.yaml"
cat >"$spec" <<YAML
cluster: ab
provider: aws
aws: { key: $key }
regions:
  - { name: us-east-1, cidr: 10.67.1.0/24 }
  - { name: eu-west-1, cidr: 10.67.2.0/24 }
  - { name: ap-southeast-2, cidr: 10.67.3.0/24 }
wan:
  rtt: { us-east-1~eu-west-1: 10ms, us-east-1~ap-southeast-2: 20ms, eu-west-1~ap-southeast-2: 15ms }
YAML
fake_pid=
cleanup() {
  ip netns exec "$ns" env "${aws_env[@]}" "$m" down "$spec" >/dev/null 2>&1 || true
  [ -n "$fake_pid" ] && kill "$fake_pid" 2>/dev/null || true
  "$m" lab machines down "$spec" >/dev/null 2>&1 || true
}
aws_env=(AWS_ENDPOINT_URL_EC2="http://127.0.0.1:$port" AWS_ACCESS_KEY_ID=AKIDMERIDIANBENCH001 AWS_SECRET_ACCESS_KEY=not-a-secret
  AWS_EC2_METADATA_DISABLED=true MERIDIAN_CHECKIP_URL="http://127.0.0.1:$port/checkip" MERIDIAN_STATE_ROOT="$MERIDIAN_STATE_ROOT")
trap cleanup EXIT
"$m" lab machines up "$spec" --powered-off >/dev/null
# `ip netns exec` execs the fake, so $! is the fake's own PID.
ip netns exec "$ns" dotnet "$fake_dll" --listen "127.0.0.1:$port" --machines-spec "$spec" --meridian "$m" --instance-user admin \
  --operator-address 198.18.1.1 --address-pool us-east-1=198.18.0.1 --address-pool eu-west-1=198.18.0.2 \
  --address-pool ap-southeast-2=198.18.0.3 >"$MERIDIAN_STATE_ROOT/fake.log" 2>&1 &
fake_pid=$!
for _ in $(seq 100); do grep -q '^listening on' "$MERIDIAN_STATE_ROOT/fake.log" && break; sleep 0.1; done
run() { ip netns exec "$ns" env "${aws_env[@]}" "$m" "$@"; }
resources() { ip netns exec "$ns" curl -sf "http://127.0.0.1:$port/_fake/state" |
  python3 -c 'import json,sys; print(sum(len(v) for r in json.load(sys.stdin) for k,v in r.items() if isinstance(v,list) and k!="terminatedInstances"))'; }

start=$(date +%s.%N)
ec2_done=
while IFS= read -r line; do
  printf '%s\n' "$line"
  case "$line" in "aws: "*" created,"*) ec2_done=$(date +%s.%N) ;; esac
done < <(run up "$spec" --yes 2>&1)
end=$(date +%s.%N)
again=$(run up "$spec" --yes 2>&1 | grep -o 'aws: [0-9]* resource(s) created' || true)
run down "$spec" >/dev/null 2>&1
left=$(resources)
kill "$fake_pid"; fake_pid=
"$m" lab machines down "$spec" >/dev/null
namespaces=$(ip netns list | grep -c '^mrd-ab--' || true)
awk -v s="$start" -v e="${ec2_done:-$end}" 'BEGIN{printf "aws-up (EC2 fake): %.1f s from nothing to every instance running, EIPs associated and host keys recorded (target <= 90 s)\n", e-s}'
awk -v s="$start" -v e="$end" 'BEGIN{printf "aws-up (EC2 fake): %.1f s from nothing to every node Synced (EC2 plus the ssh provider)\n", e-s}'
echo "aws-up (EC2 fake): second up: ${again:-?} (target: 0)"
echo "aws-up (EC2 fake): after down: $left resource(s) and $namespaces namespace(s) left (target: 0 and 0)"
