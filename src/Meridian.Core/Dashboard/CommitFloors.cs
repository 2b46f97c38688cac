using System.Collections.Immutable;
using Meridian.Core.Decisions;
using Meridian.Core.Planning;
using Meridian.Core.Spec;

namespace Meridian.Core.Dashboard;

/// <summary>The commit floor F of a writer in each region with data nodes, in ms, for the charts' F line (docs/dashboard.md, "Charts").</summary>
public static class CommitFloors
{
    /// <param name="currentRttMs">RTTs that replace the plan's, e.g. the lab's links after `wan set`; empty keeps the plan's.</param>
    public static ImmutableDictionary<string, double> ByRegion(ClusterPlan plan, IEnumerable<KeyValuePair<RegionPair, double>> currentRttMs)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(currentRttMs);
        var rtt = plan.Rtt.ByPair.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        foreach (var (pair, ms) in currentRttMs)
        {
            rtt[pair.ToString()] = TimeSpan.FromMilliseconds(ms);
        }

        var now = plan with { Rtt = new RttMatrix(rtt.ToImmutableSortedDictionary(StringComparer.Ordinal)) };
        return plan.Regions.Where(r => r.GaleraHosts.Length > 0)
            .ToImmutableDictionary(r => r.Name, r => CommitLatencyFloor.ForWriter(now, r.Name).TotalMilliseconds);
    }
}
