namespace Meridian.Core.Chaos;

/// <summary>One fault of a random schedule: when (from the start of the run), what, against which target, for how long.</summary>
public sealed record ScheduledFault(TimeSpan At, FaultKind Kind, string Target, TimeSpan Duration)
{
    public override string ToString() => $"+{At.TotalSeconds:F0}s {FaultKinds.Name(Kind)} {Target}" + (FaultKinds.IsTimed(Kind) ? $" for {Duration.TotalSeconds:F0}s" : string.Empty);
}
