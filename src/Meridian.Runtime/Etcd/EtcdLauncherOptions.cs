namespace Meridian.Runtime.Etcd;

/// <summary>Where etcd lives and how long a member may take to start listening or to stop.</summary>
public sealed record EtcdLauncherOptions
{
    /// <summary>Debian's etcd-server installs the binary on PATH (<c>dpkg -L etcd-server</c>).</summary>
    public string EtcdProgram { get; init; } = "/usr/bin/etcd";

    /// <summary>The user etcd runs as; Debian's etcd-server creates it (docs/security.md, "Which process runs as which user").</summary>
    public string User { get; init; } = Core.Planning.DaemonUsers.Etcd;

    /// <summary>
    /// Until the member accepts TCP on its client port. etcd opens its listeners before it has a leader, so this does
    /// not wait for quorum; it is slack for a busy 2-core box (three members were healthy 0.3 s after launch: docs/lab-notes.md#etcd).
    /// </summary>
    public TimeSpan ReadyTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// How long SIGTERM may take before SIGKILL. etcd stops cleanly in well under a second; a leader first tries to hand
    /// its leadership over (https://etcd.io/docs/v3.4/op-guide/runtime-configuration/), which costs a round trip.
    /// </summary>
    public TimeSpan StopGrace { get; init; } = TimeSpan.FromSeconds(5);
}
