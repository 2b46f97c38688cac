namespace Meridian.Core.Benchmarks;

/// <summary>How a campaign was run: the schedule's shape, the recovery bound and hold, and the sampling interval.</summary>
public sealed record ChaosCampaignSettings(
    int Seed,
    double RunSeconds,
    double MinFaultSeconds,
    double MaxFaultSeconds,
    double MinQuietSeconds,
    double MaxQuietSeconds,
    double OverlapChance,
    double MinOverlapGapSeconds,
    double MaxOverlapGapSeconds,
    double RecoveryBoundSeconds,
    double HoldSeconds,
    double SampleIntervalSeconds,
    int MachineCores);
