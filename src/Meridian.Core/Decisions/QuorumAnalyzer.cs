using Meridian.Core.Planning;
using System.Collections.Immutable;
using Meridian.Core.Spec;

namespace Meridian.Core.Decisions;

/// <summary>
/// "Is this region's loss survivable?", answered from the spec alone.
/// <para>
/// Galera: after a partition, a component stays Primary (keeps accepting writes) only if the sum of its
/// members' pc.weight is strictly greater than half the weight of the last Primary component.
/// https://galeracluster.com/library/documentation/weighted-quorum.html
/// We take the whole cluster as the last Primary component, which is the state before an unplanned loss.
/// A graceful shutdown lowers the weight first and is therefore always survivable; we analyse the crash.
/// </para>
/// <para>
/// etcd: one member per region; the cluster needs a majority, floor(n/2)+1, to elect a leader and write.
/// https://etcd.io/docs/v3.5/faq/#what-is-failure-tolerance
/// </para>
/// </summary>
public static class QuorumAnalyzer
{
    public static QuorumReport Analyze(ClusterSpec spec) => Analyze(spec.Regions);

    /// <summary>The same analysis from a plan: each region's votes are its planned data nodes and arbitrator.</summary>
    public static QuorumReport Analyze(ClusterPlan plan) =>
        Analyze([.. plan.Regions.Select(r => new RegionSpec(r.Name, r.Cidr, r.GaleraHosts.Length, r.ArbitratorHost is not null))]);

    public static QuorumReport Analyze(IReadOnlyList<RegionSpec> regions)
    {
        var totalWeight = regions.Sum(r => r.QuorumWeight);
        var etcdTotal = regions.Count;
        var outcomes = regions.Select(region => LoseRegion(region, totalWeight, etcdTotal)).ToImmutableArray();
        return new QuorumReport(outcomes, Warnings(regions, outcomes));
    }

    private static RegionLossOutcome LoseRegion(RegionSpec region, int totalWeight, int etcdTotal)
    {
        var remaining = totalWeight - region.QuorumWeight;
        var etcdLeft = etcdTotal - 1;
        return new RegionLossOutcome(
            region.Name,
            region.QuorumWeight,
            remaining,
            totalWeight,
            GaleraKeepsPrimary: 2 * remaining > totalWeight,
            etcdLeft,
            etcdTotal,
            EtcdKeepsQuorum: 2 * etcdLeft > etcdTotal);
    }

    private static ImmutableArray<string> Warnings(IReadOnlyList<RegionSpec> regions, ImmutableArray<RegionLossOutcome> outcomes)
    {
        var warnings = ImmutableArray.CreateBuilder<string>();
        foreach (var outcome in outcomes.Where(o => !o.GaleraKeepsPrimary))
        {
            // Adding k votes outside the region: (remaining + k) * 2 > total + k  ⇔  k > lost − remaining.
            var votesNeeded = outcome.LostWeight - outcome.RemainingWeight + 1;
            warnings.Add(
                $"losing {outcome.Region} stops writes: the other regions hold {outcome.RemainingWeight} of {outcome.TotalWeight} Galera votes, " +
                $"not more than half, so no Primary component is left. Fix: add {votesNeeded} vote(s) outside {outcome.Region}: " +
                "an arbitrator region (a region with nodes: 0) or data nodes in other regions.");
        }

        if (outcomes.Length > 0 && outcomes.Any(o => !o.EtcdKeepsQuorum))
        {
            var etcdTotal = outcomes[0].EtcdMembersTotal;
            warnings.Add(
                $"losing any region leaves etcd with {etcdTotal - 1} of {etcdTotal} members, no majority: bootstrap and membership changes stop. " +
                "Fix: add a region so there are at least 3 (a region with nodes: 0 is enough; it runs etcd and an arbitrator).");
        }

        var zeroVoteRegions = regions.Where(r => r.QuorumWeight == 0).Select(r => r.Name).ToList();
        if (zeroVoteRegions.Count > 0 && warnings.Count > 0)
        {
            warnings.Add(
                $"{string.Join(", ", zeroVoteRegions)} cast(s) no Galera vote (nodes: 0, arbitrator: false); " +
                "setting arbitrator: true there adds one vote without storing data.");
        }

        return warnings.ToImmutable();
    }
}
