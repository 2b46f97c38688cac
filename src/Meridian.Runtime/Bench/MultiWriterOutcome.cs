namespace Meridian.Runtime.Bench;

/// <summary>What every writer in every region did during one multi-writer run.</summary>
public sealed record MultiWriterOutcome(string Rows, int WritersPerRegion, int Regions, TimeSpan Elapsed, long Commits, long Conflicts, long OtherErrors);
