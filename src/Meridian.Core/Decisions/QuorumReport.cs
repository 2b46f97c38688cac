using System.Collections.Immutable;

namespace Meridian.Core.Decisions;

/// <summary>The outcome of losing each region in turn, and what to change where a loss is not survivable.</summary>
public sealed record QuorumReport(ImmutableArray<RegionLossOutcome> Outcomes, ImmutableArray<string> Warnings)
{
    /// <summary>True when losing any one region leaves both Galera and etcd able to go on. False for no regions at all.</summary>
    public bool SurvivesAnySingleRegionLoss => !Outcomes.IsEmpty && Outcomes.All(o => o.Survives);
}
