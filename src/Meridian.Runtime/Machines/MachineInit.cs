using Meridian.Core.Planning;
using Meridian.Runtime.Processes;

namespace Meridian.Runtime.Machines;

/// <summary>
/// How a bare machine boots (docs/lab.md, "Bare machines"). <c>nsenter --net</c> joins the machine's network namespace
/// only; <c>unshare</c> then gives it its own mount, UTS and PID namespaces, and <see cref="Script"/> runs as PID 1 of
/// that PID namespace: it mounts the machine's directories over /etc, /var/lib, /var/log, /root, /home and /usr/local, fresh
/// tmpfs over /run, /tmp and /dev/shm, sets the hostname, starts sshd, runs /etc/rc.local (the lab's stand-in for
/// systemd at boot), and then reaps every orphan of the machine for as long as it lives. Nothing is mounted in the
/// root mount namespace, so the machine's mounts vanish with its last process. The first process, unshare, stays in
/// the root PID namespace as the child of the machines' supervisor, which reaps it; <c>--kill-child</c> takes the
/// whole machine down with it.
/// </summary>
public static class MachineInit
{
    public const string ProcessName = "machine";

    /// <summary>The init. sh reads it from the open file, so the mounts it makes cannot hide it.</summary>
    public const string Script =
        """
        #!/bin/sh
        # The init of one bare machine, PID 1 of its PID namespace (docs/lab.md, "Bare machines").
        # Written by `meridian lab machines up`. Arguments: the machine's directory, its hostname.
        set -eu
        root=$1
        host=$2
        umask 022
        echo "$(date -Is) booting $host"
        # Each source is relative to this directory, and mount -c passes it on as is: the kernel resolves it against
        # the working directory, which a mount over /var/lib or /tmp (where the state directory may be) cannot hide.
        cd "$root"
        # The mounts this namespace copied from under /run include a handle on every network namespace (/run/netns),
        # which would keep them alive while the machine runs; the machine gets a fresh /run anyway.
        for target in $(awk '$5 ~ "^/run/." { print $5 }' /proc/self/mountinfo | sort -r); do
          umount -l "$target" 2>/dev/null || true
        done
        mount -c --bind etc /etc
        mount -c --bind var/lib /var/lib
        mount -c --bind var/log /var/log
        mount -c --bind root /root
        mount -c --bind home /home
        # Its own /usr/local: what a deployment installs there (Meridian's agent) stays on this machine, while the
        # packages in the shared /usr stay shared.
        mkdir -p usr/local
        mount -c --bind usr/local /usr/local
        mount -t tmpfs -o mode=0755,nosuid,nodev tmpfs /run
        mount -t tmpfs -o mode=1777,nosuid,nodev tmpfs /tmp
        mount -t tmpfs -o mode=1777,nosuid,nodev tmpfs /dev/shm
        # sysfs shows the network devices of the namespace that mounts it, as `ip netns exec` arranges.
        umount -l /sys
        mount -t sysfs -o nosuid,nodev,noexec sysfs /sys
        mkdir -p /run/sshd /run/lock
        chmod 1777 /run/lock
        hostname "$host"
        cd /
        /usr/sbin/sshd -E /var/log/sshd.log
        echo "$(date -Is) sshd started"
        if [ -x /etc/rc.local ]; then
          echo "$(date -Is) running /etc/rc.local start"
          /etc/rc.local start </dev/null || echo "$(date -Is) /etc/rc.local exited with $?"
        fi
        set +e
        # PID 1 reaps every orphan of the machine: while dash waits for sleep, it reaps whichever child exits.
        while :; do sleep 3600; done

        """;

    /// <summary>A machine's init; its <see cref="NamespacedDaemon.Identity"/> is unshare's PID, which the state file records.</summary>
    public static NamespacedDaemon Start(HostPlan host, MachineLayout layout)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(layout);
        return NamespacedDaemon.Start(
            ProcessName,
            host.Name,
            host.Namespace,
            "unshare",
            ["--mount", "--uts", "--pid", "--fork", "--kill-child", "--mount-proc", "--", "/bin/sh", layout.InitScript, layout.Root(host.Name), host.Name],
            layout.ConsoleLog(host.Name),
            stopGrace: TimeSpan.FromSeconds(5),
            networkOnly: true);
    }
}
