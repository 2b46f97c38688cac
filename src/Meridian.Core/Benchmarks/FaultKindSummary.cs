namespace Meridian.Core.Benchmarks;

/// <summary>
/// One fault kind over a campaign: how many were scheduled, injected and recovered, and the median and max seconds until
/// every node was Synced in one full Primary component again (after the heal for timed kinds; null when none recovered).
/// The "alone" figures leave out double faults, whose time includes the recovery from the fault before.
/// </summary>
public sealed record FaultKindSummary(
    string Kind,
    bool Timed,
    int Scheduled,
    int Injected,
    int Recovered,
    int DoubleFaults,
    double? MedianSecondsAfterHeal,
    double? MaxSecondsAfterHeal,
    double? MedianSecondsAfterInjection,
    double? MaxSecondsAfterInjection,
    double? MedianSecondsAlone = null,
    double? MaxSecondsAlone = null)
{
    /// <summary>Injected faults that did not recover within the bound: each needed an operator.</summary>
    public int Unrecovered => Injected - Recovered;
}
