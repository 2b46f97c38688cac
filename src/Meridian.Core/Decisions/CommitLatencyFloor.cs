using Meridian.Core.Planning;

namespace Meridian.Core.Decisions;

/// <summary>
/// The lowest single-client commit latency Galera can reach through a region's endpoint, from the RTT matrix alone.
/// Galera delivers write-sets with safe delivery: every member must know that every member received them, so a commit
/// costs the slowest path writer → a → b → writer, F = max over a, b of d(w→a) + d(a→b) + d(b→w) in one-way delays;
/// with three regions F = (RTT12 + RTT13 + RTT23) / 2 from every writer (docs/lab-notes.md#what-sets-commit-latency;
/// measured p50 was 1.014 × F).
/// </summary>
public static class CommitLatencyFloor
{
    /// <summary>
    /// F for a client of <paramref name="region"/>'s endpoint. A region without data nodes sends its clients to the
    /// nearest region that has some (HAProxy's first backup), which adds one WAN round trip per statement.
    /// </summary>
    public static TimeSpan ForEndpoint(ClusterPlan plan, RegionPlan region)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(region);
        if (region.GaleraHosts.Length > 0)
        {
            return ForWriter(plan, region.Name);
        }

        var rtt = plan.Rtt;
        var writer = plan.Regions.Where(r => r.GaleraHosts.Length > 0)
            .OrderBy(r => rtt.Get(region.Name, r.Name))
            .ThenBy(r => r.Index)
            .FirstOrDefault()
            ?? throw new InvalidOperationException("the plan has no Galera data node");
        return rtt.Get(region.Name, writer.Name) + ForWriter(plan, writer.Name);
    }

    /// <summary>F for a writer in <paramref name="writerRegion"/>: the members are every region with a data node or an arbitrator.</summary>
    public static TimeSpan ForWriter(ClusterPlan plan, string writerRegion)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var rtt = plan.Rtt;
        var members = plan.Regions.Where(r => r.GaleraHosts.Length > 0 || r.ArbitratorHost is not null).Select(r => r.Name).ToList();
        var worst = TimeSpan.Zero;
        foreach (var a in members)
        {
            foreach (var b in members)
            {
                // Three RTTs over a ring of three one-way hops: half their sum.
                var ring = (rtt.Get(writerRegion, a) + rtt.Get(a, b) + rtt.Get(b, writerRegion)) / 2;
                worst = ring > worst ? ring : worst;
            }
        }

        return worst;
    }
}
