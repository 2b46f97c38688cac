namespace Meridian.Runtime.Bench;

/// <summary>
/// One sysbench run: a bundled OLTP script (/usr/share/sysbench/oltp_*.lua), the key distribution
/// (<c>uniform</c>, or sysbench's default <c>special</c>, which sends most requests to a few hot rows) and the client count.
/// </summary>
/// <param name="HotSetPercent">
/// For <c>special</c>: the share of rows that receives 75 % of the requests (sysbench's --rand-spec-pct, default 1 %).
/// A wider hot set is what a user gets by spreading one hot counter over many rows.
/// </param>
public sealed record SysbenchRun(string Workload, string Distribution, int Clients, int HotSetPercent = SysbenchRun.DefaultHotSetPercent)
{
    public const string Uniform = "uniform";
    public const string Hotspot = "special";
    public const int DefaultHotSetPercent = 1;

    /// <summary>The distribution as reports name it: "uniform", "special" (1 % hot), or e.g. "special-10pct".</summary>
    public string DistributionLabel => Distribution == Hotspot && HotSetPercent != DefaultHotSetPercent ? $"{Hotspot}-{HotSetPercent}pct" : Distribution;

    /// <summary>Only these change rows, so only they replicate and have a commit floor.</summary>
    public bool Writes => Workload != "oltp_read_only";
}
