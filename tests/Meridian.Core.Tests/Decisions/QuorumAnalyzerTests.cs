using Meridian.Core.Decisions;
using Meridian.Core.Spec;

namespace Meridian.Core.Tests.Decisions;

public sealed class QuorumAnalyzerTests
{
    /// <summary>Regions "r1", "r2"… with the given data node counts; a count of 0 gets an arbitrator, as the spec defaults.</summary>
    private static RegionSpec[] Regions(params int[] nodes) =>
        [.. nodes.Select((n, i) => new RegionSpec($"r{i + 1}", Ipv4Cidr.Parse($"192.168.{i + 1}.0/24"), n, n == 0))];

    [Fact]
    public void Given_two_regions_of_one_node_When_either_is_lost_Then_neither_galera_nor_etcd_keeps_quorum_and_both_are_warned_about()
    {
        var report = QuorumAnalyzer.Analyze(Regions(1, 1));

        Assert.False(report.SurvivesAnySingleRegionLoss);
        Assert.All(report.Outcomes, o =>
        {
            Assert.Equal((1, 1, 2), (o.LostWeight, o.RemainingWeight, o.TotalWeight));
            Assert.False(o.GaleraKeepsPrimary);
            Assert.Equal((1, 2), (o.EtcdMembersLeft, o.EtcdMembersTotal));
            Assert.False(o.EtcdKeepsQuorum);
        });
        Assert.Contains(report.Warnings, w => w.StartsWith("losing r1 stops writes", StringComparison.Ordinal) && w.Contains("arbitrator region (a region with nodes: 0)", StringComparison.Ordinal));
        Assert.Contains(report.Warnings, w => w.StartsWith("losing r2 stops writes", StringComparison.Ordinal));
        Assert.Contains(report.Warnings, w => w.Contains("etcd with 1 of 2 members", StringComparison.Ordinal) && w.Contains("at least 3", StringComparison.Ordinal));
    }

    [Fact]
    public void Given_the_default_three_regions_When_any_one_is_lost_Then_two_of_three_votes_keep_a_primary()
    {
        var report = QuorumAnalyzer.Analyze(ClusterSpec.Default);

        Assert.True(report.SurvivesAnySingleRegionLoss);
        Assert.Empty(report.Warnings);
        Assert.Equal(["us-east-1", "us-west-2", "ap-northeast-1"], report.Outcomes.Select(o => o.Region));
        Assert.All(report.Outcomes, o => Assert.Equal((2, 3, true, 2, 3, true), (o.RemainingWeight, o.TotalWeight, o.GaleraKeepsPrimary, o.EtcdMembersLeft, o.EtcdMembersTotal, o.EtcdKeepsQuorum)));
    }

    [Fact]
    public void Given_five_regions_When_any_one_is_lost_Then_four_of_five_remain()
    {
        var report = QuorumAnalyzer.Analyze(Regions(1, 1, 1, 1, 1));

        Assert.True(report.SurvivesAnySingleRegionLoss);
        Assert.Empty(report.Warnings);
        Assert.Equal(5, report.Outcomes.Length);
        Assert.All(report.Outcomes, o => Assert.Equal((4, 5, 4, 5), (o.RemainingWeight, o.TotalWeight, o.EtcdMembersLeft, o.EtcdMembersTotal)));
    }

    [Fact]
    public void Given_two_data_regions_and_an_arbitrator_region_When_any_one_is_lost_Then_the_rest_keep_a_primary()
    {
        var report = QuorumAnalyzer.Analyze(Regions(2, 2, 0));

        Assert.True(report.SurvivesAnySingleRegionLoss);
        Assert.Empty(report.Warnings);
        Assert.Equal([(2, 3), (2, 3), (1, 4)], report.Outcomes.Select(o => (o.LostWeight, o.RemainingWeight)));
        Assert.All(report.Outcomes, o => Assert.Equal(5, o.TotalWeight));
    }

    [Fact]
    public void Given_two_data_regions_and_a_region_without_a_vote_When_a_data_region_is_lost_Then_galera_stops_though_etcd_survives()
    {
        RegionSpec[] regions =
        [
            new("a", Ipv4Cidr.Parse("192.168.1.0/24"), 1, false),
            new("b", Ipv4Cidr.Parse("192.168.2.0/24"), 1, false),
            new("c", Ipv4Cidr.Parse("192.168.3.0/24"), 0, false),
        ];

        var report = QuorumAnalyzer.Analyze(regions);

        Assert.False(report.SurvivesAnySingleRegionLoss);
        Assert.All(report.Outcomes, o => Assert.True(o.EtcdKeepsQuorum));
        Assert.True(report.Outcomes.Single(o => o.Region == "c").GaleraKeepsPrimary);
        Assert.Contains(report.Warnings, w => w.StartsWith("losing a stops writes", StringComparison.Ordinal));
        Assert.Contains(report.Warnings, w => w.StartsWith("c cast(s) no Galera vote", StringComparison.Ordinal) && w.Contains("arbitrator: true", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(new[] { 3, 1, 1 }, 2)]
    [InlineData(new[] { 2, 1, 1 }, 1)]
    [InlineData(new[] { 5, 1, 1 }, 4)]
    public void Given_a_region_holding_half_or_more_of_the_votes_When_it_is_lost_Then_the_warning_says_how_many_votes_to_add(int[] nodes, int votesNeeded)
    {
        var report = QuorumAnalyzer.Analyze(Regions(nodes));

        Assert.False(report.SurvivesAnySingleRegionLoss);
        Assert.False(report.Outcomes[0].GaleraKeepsPrimary);
        Assert.True(report.Outcomes[1].GaleraKeepsPrimary);
        var warning = Assert.Single(report.Warnings);
        Assert.Contains($"add {votesNeeded} vote(s) outside r1", warning, StringComparison.Ordinal);

        // Following the advice with arbitrator regions makes the loss survivable.
        var fixedRegions = Regions([.. nodes, .. Enumerable.Repeat(0, votesNeeded)]);
        Assert.True(QuorumAnalyzer.Analyze(fixedRegions).Outcomes[0].GaleraKeepsPrimary);
    }

    [Fact]
    public void Given_no_regions_When_analyzed_Then_it_does_not_claim_to_survive()
    {
        var report = QuorumAnalyzer.Analyze([]);

        Assert.Empty(report.Outcomes);
        Assert.False(report.SurvivesAnySingleRegionLoss);
    }
}
