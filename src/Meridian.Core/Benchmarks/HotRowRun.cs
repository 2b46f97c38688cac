namespace Meridian.Core.Benchmarks;

/// <summary>One multi-writer run of the hot-row benchmark: which variant, which round, which rows, and what it did.</summary>
public sealed record HotRowRun(string Variant, int Round, string Rows, double Seconds, long Commits, long Conflicts, long OtherErrors, HotRowCounters Counters)
{
    public double CommitsPerSecond => Seconds > 0 ? Commits / Seconds : 0;

    /// <summary>Conflicts (error 1213) among all finished attempts, 0–1.</summary>
    public double ConflictShare => Commits + Conflicts > 0 ? (double)Conflicts / (Commits + Conflicts) : 0;
}
