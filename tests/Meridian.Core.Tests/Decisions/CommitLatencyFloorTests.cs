using Meridian.Core.Decisions;
using Meridian.Core.Planning;
using Meridian.Core.Spec;

namespace Meridian.Core.Tests.Decisions;

public sealed class CommitLatencyFloorTests
{
    private static ClusterPlan Plan(int[] nodes, params (string A, string B, int Ms)[] rtts)
    {
        var regions = nodes.Select((n, i) => new RegionSpec($"r{i + 1}", Ipv4Cidr.Parse($"192.168.{i + 1}.0/24"), n, n == 0)).ToArray();
        var matrix = RttMatrix.From(rtts.ToDictionary(r => new RegionPair(r.A, r.B), r => TimeSpan.FromMilliseconds(r.Ms)));
        return Planner.Plan(ClusterSpec.Default with { Regions = [.. regions], Rtt = matrix });
    }

    [Fact]
    public void Given_the_default_65_150_100_ms_When_any_region_writes_Then_the_floor_is_half_the_triangle_157_5_ms()
    {
        var plan = Planner.Plan(ClusterSpec.Default);

        Assert.All(plan.Regions, r => Assert.Equal(157.5, CommitLatencyFloor.ForEndpoint(plan, r).TotalMilliseconds));
    }

    [Fact]
    public void Given_20_20_200_ms_When_the_writer_has_both_peers_20_ms_away_Then_it_still_pays_the_ring_120_ms()
    {
        var plan = Plan([1, 1, 1], ("r1", "r2", 20), ("r1", "r3", 20), ("r2", "r3", 200));

        Assert.Equal(120, CommitLatencyFloor.ForWriter(plan, "r1").TotalMilliseconds);
    }

    [Fact]
    public void Given_two_regions_When_either_writes_Then_the_floor_is_one_rtt()
    {
        var plan = Plan([1, 1], ("r1", "r2", 80));

        Assert.Equal(80, CommitLatencyFloor.ForWriter(plan, "r2").TotalMilliseconds);
    }

    [Fact]
    public void Given_an_arbitrator_region_When_its_endpoint_is_used_Then_the_floor_adds_the_round_trip_to_the_nearest_data_region()
    {
        var plan = Plan([1, 1, 0], ("r1", "r2", 60), ("r1", "r3", 40), ("r2", "r3", 30));

        // Members r1, r2 and the arbitrator r3: the ring is (60 + 40 + 30) / 2 = 65; r3's clients reach r2 first (30 ms).
        Assert.Equal(65, CommitLatencyFloor.ForWriter(plan, "r2").TotalMilliseconds);
        Assert.Equal(95, CommitLatencyFloor.ForEndpoint(plan, plan.Region("r3")).TotalMilliseconds);
    }
}
