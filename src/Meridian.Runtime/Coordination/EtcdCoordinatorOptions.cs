namespace Meridian.Runtime.Coordination;

/// <summary>
/// How an <see cref="EtcdCoordinator"/> reaches the cluster. <see cref="Endpoints"/> are tried in order: put the caller's
/// own region's member first, so reads and writes go to the nearest member and fail over to the others only when it is
/// unreachable.
/// </summary>
public sealed record EtcdCoordinatorOptions
{
    /// <summary>Client URLs such as https://192.168.1.20:2379, preferred member first.</summary>
    public required IReadOnlyList<Uri> Endpoints { get; init; }

    /// <summary>The cluster name: every key lives under /meridian/CLUSTER/.</summary>
    public required string Cluster { get; init; }

    /// <summary>PEM client certificate; etcd runs with client-cert-auth, so every call needs one from the cluster CA.</summary>
    public required string CertificateFile { get; init; }

    public required string KeyFile { get; init; }

    /// <summary>The cluster CA (PEM). The server certificate must chain to it, and only to it: the system store is ignored.</summary>
    public required string CaFile { get; init; }

    /// <summary>
    /// Network namespace to open client sockets in, or null for the caller's own. The lab's region networks exist only
    /// inside namespaces (DESIGN: never route them in the root namespace), so the CLI and tests dial from a host's
    /// namespace; an agent that already runs inside its host's namespace leaves this null.
    /// </summary>
    public string? DialNamespace { get; init; }

    /// <summary>
    /// Per member: the namespace to dial it from, by its URL's host (ahead of <see cref="DialNamespace"/>). The lab
    /// supervisor dials each member from that member's own host, so that losing one region (an isolation drill) never
    /// cuts it off from the members that still have a quorum.
    /// </summary>
    public IReadOnlyDictionary<string, string>? DialNamespaceByHost { get; init; }

    /// <summary>
    /// Per attempt on one member. A put costs about one RTT to the quorum (p50 90–160 ms over the WAN: docs/lab-notes.md#etcd-over-the-wan), so
    /// 2 s is generous; it is short because a proposal that a follower forwarded to a leader that just died is lost
    /// and would otherwise hang until etcd's own request timeout (5 s + 2 election timeouts). The next attempt goes
    /// to the next member.
    /// </summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// One call in all, across failover rounds. It covers an election after the leader dies (election timeout ≈ 1.5 s
    /// over the WAN, https://etcd.io/docs/v3.4/tuning/#time-parameters) and a few attempts after it.
    /// </summary>
    public TimeSpan OperationTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>TCP and TLS connect to one member; short, so an unreachable member costs little before the next one is tried.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Per endpoint status call in <see cref="EtcdCoordinator.HealthAsync"/>.</summary>
    public TimeSpan HealthTimeout { get; init; } = TimeSpan.FromSeconds(2);
}
