namespace Meridian.Runtime.Vpn;

/// <summary>Timeouts of <see cref="VpnMesh"/>; defaults leave room for a busy 2-core box.</summary>
public sealed record VpnMeshOptions
{
    /// <summary>How long a router's charon may take to answer on vici: its runner's readiness timeout plus a restart.</summary>
    public TimeSpan CharonTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public string SwanctlProgram { get; init; } = Swanctl.DefaultProgram;

    /// <summary>
    /// How long to wait for every CHILD_SA. The lab measured 0.3–0.7 s; an IKE exchange needs two round trips, so even a
    /// 300 ms RTT link fits many times over.
    /// </summary>
    public TimeSpan TunnelTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>How long <see cref="VpnMesh.RestartRouterAsync"/> lets a peer's <c>swanctl --initiate</c> wait.</summary>
    public TimeSpan InitiateTimeout { get; init; } = TimeSpan.FromSeconds(5);
}
