namespace Meridian.Runtime.Bench;

/// <summary>
/// One sysbench run: a bundled OLTP script (/usr/share/sysbench/oltp_*.lua), the key distribution
/// (<c>uniform</c>, or sysbench's default <c>special</c>, which sends most requests to a few hot rows) and the client count.
/// </summary>
public sealed record SysbenchRun(string Workload, string Distribution, int Clients)
{
    public const string Uniform = "uniform";
    public const string Hotspot = "special";

    /// <summary>Only these change rows, so only they replicate and have a commit floor.</summary>
    public bool Writes => Workload != "oltp_read_only";
}
