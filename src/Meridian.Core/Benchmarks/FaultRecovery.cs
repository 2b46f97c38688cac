namespace Meridian.Core.Benchmarks;

/// <summary>
/// One fault of a campaign and how long the cluster took to be whole again: every node Synced in one full Primary
/// component. Times are seconds; <see cref="SecondsAfterHeal"/> counts from the heal of a timed fault (SIGCONT, link
/// healed, region rejoined) and from the injection of an instantaneous one, <see cref="SecondsAfterInjection"/> always
/// from the injection. Both are null when the fault was not injected or did not recover within the campaign's bound.
/// </summary>
/// <param name="AtSeconds">Injection time from the start of the run (the planned time when it was not injected).</param>
/// <param name="PlannedOverlap">The schedule placed it 1–3 s after the previous fault ended.</param>
/// <param name="ArrivedDuringRecovery">It was injected while the previous injected fault had not yet recovered: a double fault.</param>
/// <param name="NotInjectedBecause">Why it was skipped or failed; null when it was injected.</param>
public sealed record FaultRecovery(
    int Index,
    string Kind,
    string Target,
    double AtSeconds,
    double DurationSeconds,
    bool Timed,
    bool PlannedOverlap,
    bool ArrivedDuringRecovery,
    string? NotInjectedBecause,
    double? SecondsAfterHeal,
    double? SecondsAfterInjection)
{
    public bool Injected => NotInjectedBecause is null;

    public bool Recovered => SecondsAfterHeal is not null;
}
