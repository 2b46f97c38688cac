#!/usr/bin/env bash
# Debian packages the local lab needs (docs/lab-notes.md#the-kernel), and the build. Sourced by ./meridian and ./test.sh.
# Checking takes ~50 ms; apt-get runs only when something is missing.
MERIDIAN_PACKAGES=(
  mariadb-server galera-4 galera-arbitrator-4 mariadb-backup
  strongswan-charon strongswan-swanctl libcharon-extra-plugins libstrongswan-extra-plugins
  etcd-server etcd-client haproxy socat rsync iptables iproute2 openssl sysbench iputils-ping tcpdump
  # unshare, nsenter and setpriv (the daemons' launch chains); Essential on Debian, named so a role never needs more than this list.
  util-linux
  # Bare machines (docs/lab.md, "Bare machines"): each runs its own sshd; --user gets sudo.
  openssh-server sudo
  # Build only: Native AOT links meridian-agent with gcc (src/Meridian.Agent/Meridian.Agent.csproj);
  # libc6-dev is only a Recommends of gcc, and --no-install-recommends skips it.
  gcc libc6-dev
)

meridian_missing_packages() {
  local installed
  # dpkg-query exits 1 when any named package is unknown to dpkg (never installed): under ./meridian's
  # `set -euo pipefail` that would end the function with an empty list, so its status is ignored; the awk filter
  # alone decides what is installed.
  installed=$(dpkg-query -W -f='${Package} ${db:Status-Status}\n' "${MERIDIAN_PACKAGES[@]}" 2>/dev/null || true)
  installed=$(awk '$2=="installed"{print $1}' <<<"$installed")
  local p
  for p in "${MERIDIAN_PACKAGES[@]}"; do
    grep -qx "$p" <<<"$installed" || printf '%s\n' "$p"
  done
}

meridian_ensure_packages() {
  local missing
  mapfile -t missing < <(meridian_missing_packages)
  [ "${#missing[@]}" -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    echo "meridian: missing Debian packages: ${missing[*]}" >&2
    echo "  fix: run as root, or: sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
    return 1
  fi
  echo "meridian: installing ${#missing[@]} missing Debian package(s): ${missing[*]}" >&2
  # No systemd here, so nothing starts by itself; policy-rc.d keeps maintainer scripts from trying.
  local policy=/usr/sbin/policy-rc.d created_policy=0
  if [ ! -e "$policy" ]; then printf '#!/bin/sh\nexit 101\n' >"$policy"; chmod 755 "$policy"; created_policy=1; fi
  local rc=0
  { DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null 2>&1 ||
    { apt-get update -qq >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"; }; } || rc=$?
  [ "$created_policy" -eq 1 ] && rm -f "$policy"
  if [ "$rc" -ne 0 ]; then
    echo "meridian: apt-get failed (exit $rc) installing: ${missing[*]}" >&2
    return "$rc"
  fi
}
