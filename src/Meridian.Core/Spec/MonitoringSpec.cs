namespace Meridian.Core.Spec;

/// <summary>
/// The agents' own measurements (docs/spec.md, "monitoring"; docs/metrics.md): how often each data node's agent writes
/// its commit probe while the node is Synced in a Primary component. <see cref="TimeSpan.Zero"/> turns the probe off.
/// </summary>
public sealed record MonitoringSpec(TimeSpan CommitProbeInterval)
{
    public static readonly TimeSpan DefaultCommitProbeInterval = TimeSpan.FromSeconds(2);

    /// <summary>Shorter would make the probe a workload of its own: each probe is one replicated commit.</summary>
    public static readonly TimeSpan MinCommitProbeInterval = TimeSpan.FromMilliseconds(500);

    public static readonly TimeSpan MaxCommitProbeInterval = TimeSpan.FromHours(1);

    public static readonly MonitoringSpec Default = new(DefaultCommitProbeInterval);

    public bool CommitProbeEnabled => CommitProbeInterval > TimeSpan.Zero;
}
