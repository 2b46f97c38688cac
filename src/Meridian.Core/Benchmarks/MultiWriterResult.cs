namespace Meridian.Core.Benchmarks;

/// <summary>Writers in every region at once, on rows they share ("hot") or rows only they touch ("disjoint").</summary>
/// <param name="Conflicts">Commits refused with MySQL error 1213 (deadlock / Galera certification failure).</param>
public sealed record MultiWriterResult(
    string Configuration,
    string Rows,
    int WritersPerRegion,
    int Regions,
    double Seconds,
    long Commits,
    long Conflicts,
    long OtherErrors)
{
    /// <summary>Share of attempted commits lost to conflicts; null when nothing was attempted.</summary>
    public double? ConflictRate => Commits + Conflicts > 0 ? (double)Conflicts / (Commits + Conflicts) : null;

    public double? CommitsPerSecond => Seconds > 0 ? Commits / Seconds : null;
}
