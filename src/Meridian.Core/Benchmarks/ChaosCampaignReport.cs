using System.Collections.Immutable;

namespace Meridian.Core.Benchmarks;

/// <summary>
/// Everything one fault campaign measured (bench/chaos-campaign.sh; docs/operations.md "Fault campaign").
/// </summary>
/// <param name="SpecSource">Where the cluster spec came from (a file path or "built-in default").</param>
/// <param name="WallSeconds">From the first fault's planned start to the end of sampling.</param>
/// <param name="Kinds">The fault kinds the schedule drew from.</param>
/// <param name="Targets">Usually <see cref="ChaosCampaignTargets.Evaluate"/> of this report; empty until evaluated.</param>
public sealed record ChaosCampaignReport(
    DateTimeOffset GeneratedAt,
    string SpecSource,
    string Cluster,
    double WallSeconds,
    ChaosCampaignSettings Settings,
    ImmutableArray<string> Kinds,
    ImmutableArray<FaultRecovery> Faults,
    ImmutableArray<FaultKindSummary> ByKind,
    CampaignCheckResult Check,
    EndpointReadSummary Reads,
    ImmutableArray<TargetCheck> Targets)
{
    public int Injected => Faults.Count(f => f.Injected);

    public ImmutableArray<FaultRecovery> Unrecovered => [.. Faults.Where(f => f.Injected && !f.Recovered)];
}
