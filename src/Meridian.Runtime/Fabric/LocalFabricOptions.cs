namespace Meridian.Runtime.Fabric;

/// <summary>Knobs of the namespace fabric; the defaults are the ones LAB-NOTES measured.</summary>
public sealed record LocalFabricOptions
{
    /// <summary>
    /// The nf_tables backend of Debian's iptables is not what LAB-NOTES verified; the legacy/xt backend is
    /// (LAB-NOTES, "The kernel").
    /// </summary>
    public string IptablesProgram { get; init; } = "iptables-legacy";

    /// <summary>Around 1000; a longer queue only adds latency under load (LAB-NOTES, "WAN hub" pitfalls).</summary>
    public int WanTxQueueLength { get; init; } = 1000;
}
