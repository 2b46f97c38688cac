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
}
