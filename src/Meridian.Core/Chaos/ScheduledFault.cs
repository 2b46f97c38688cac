namespace Meridian.Core.Chaos;

/// <summary>
/// One fault of a random schedule: when (from the start of the run), what, against which target, for how long, and
/// whether it <see cref="Overlaps"/> the previous fault's recovery (then it is injected without waiting for health).
/// </summary>
public sealed record ScheduledFault(TimeSpan At, FaultKind Kind, string Target, TimeSpan Duration, bool Overlaps = false)
{
    public override string ToString() =>
        $"+{At.TotalSeconds:F0}s {FaultKinds.Name(Kind)} {Target}"
        + (FaultKinds.IsTimed(Kind) ? $" for {Duration.TotalSeconds:F0}s" : string.Empty)
        + (Overlaps ? " (overlapping)" : string.Empty);
}
