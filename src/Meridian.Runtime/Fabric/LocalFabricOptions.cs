using System.Collections.Immutable;

namespace Meridian.Runtime.Fabric;

/// <summary>Knobs of the namespace fabric; the defaults are the ones measured in docs/lab-notes.md.</summary>
public sealed record LocalFabricOptions
{
    /// <summary>
    /// The nf_tables backend of Debian's iptables was not verified in the lab; the legacy/xt backend was
    /// (docs/lab-notes.md#the-kernel).
    /// </summary>
    public string IptablesProgram { get; init; } = "iptables-legacy";

    /// <summary>Around 1000; a longer queue only adds latency under load (docs/lab-notes.md#wan-hub-pitfalls).</summary>
    public int WanTxQueueLength { get; init; } = 1000;

    /// <summary>
    /// Bare machines (docs/lab.md, "Bare machines"): routers forward, but Meridian adds no blackhole routes and no
    /// iptables rule; whatever deploys onto the machines sets up their policy. Namespaces are tagged
    /// <see cref="LocalFabric.BareClusterTag"/>, so the lab's `down` leaves them alone.
    /// </summary>
    public bool Bare { get; init; }

    /// <summary>Extra namespaces on the WAN with no LAN (<see cref="WanAttachment"/>), e.g. the bare machines' operator.</summary>
    public ImmutableArray<WanAttachment> WanAttachments { get; init; } = [];
}
