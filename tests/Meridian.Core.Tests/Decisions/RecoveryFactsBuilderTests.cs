using Meridian.Core.Decisions;
using Meridian.Core.Planning;
using Meridian.Runtime.Coordination;

namespace Meridian.Core.Tests.Decisions;

public sealed class RecoveryFactsBuilderTests
{
    private const string Uuid = "a602d575-77e6-4bac-92b4-093ebf88d790";
    private static readonly string[] All = ["a", "b", "c"];
    private static readonly GaleraMember[] Members = [.. All.Select(n => new GaleraMember(n, "r-" + n, "192.168.1.20", Arbitrator: false, Weight: 1))];
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 8, 0, 0, TimeSpan.Zero);

    /// <summary>Found by the integration test: facts left from an earlier incident by a now frozen agent made it look reachable.</summary>
    [Fact]
    public void Given_stale_facts_of_one_node_When_deciding_Then_that_node_is_missing()
    {
        var published = new[] { Report("a", 206, Now), Report("b", 206, Now), Report("c", 204, Now.AddSeconds(-45)) };
        var facts = RecoveryFactsBuilder.Build(Members, published, Now - RecoveryFactsBuilder.Freshness, bootstrap: null, pcRecoveryFailed: false, forcedNode: null);
        var verdict = Assert.IsType<RecoveryVerdict.WaitForMoreInformation>(RecoveryDecision.Decide(facts));
        Assert.Equal(["c"], verdict.MissingNodes);
    }

    [Fact]
    public void Given_fresh_facts_of_all_When_deciding_Then_the_most_advanced_bootstraps_after_a_failed_pc_recovery()
    {
        var published = new[] { Report("a", 206, Now), Report("b", 207, Now), Report("c", 204, Now) };
        var facts = RecoveryFactsBuilder.Build(Members, published, Now - RecoveryFactsBuilder.Freshness, bootstrap: null, pcRecoveryFailed: true, forcedNode: null);
        Assert.Equal("b", Assert.IsType<RecoveryVerdict.BootstrapNode>(RecoveryDecision.Decide(facts)).Node);
    }

    /// <summary>Issue 10: the node list came from who reported, so a node whose host is down was silently not waited for.</summary>
    [Fact]
    public void Given_no_last_primary_list_and_a_host_down_When_building_from_the_plan_Then_that_node_is_waited_for()
    {
        var published = new[] { Report("a", 206, Now) with { LastPrimaryMembers = [] }, Report("b", 207, Now) with { LastPrimaryMembers = [] } };
        var facts = RecoveryFactsBuilder.Build(Members, published, Now - RecoveryFactsBuilder.Freshness, bootstrap: null, pcRecoveryFailed: true, forcedNode: null);
        Assert.Equal(["a", "b", "c"], facts.ClusterNodes);
        Assert.Equal(["c"], Assert.IsType<RecoveryVerdict.WaitForMoreInformation>(RecoveryDecision.Decide(facts)).MissingNodes);
    }

    [Fact]
    public void Given_an_arbitrator_in_the_plan_When_building_Then_it_is_not_a_data_node_to_wait_for()
    {
        GaleraMember[] members = [.. Members, new GaleraMember("garb", "r-g", "192.168.3.20", Arbitrator: true, Weight: 1)];
        var published = new[] { Report("a", 206, Now), Report("b", 207, Now), Report("c", 204, Now) }
            .Select(r => r with { LastPrimaryMembers = ["a", "b", "c", "garb"] }).ToArray();
        var facts = RecoveryFactsBuilder.Build(members, published, Now - RecoveryFactsBuilder.Freshness, bootstrap: null, pcRecoveryFailed: true, forcedNode: null);
        Assert.Equal(["garb"], facts.Arbitrators);
        Assert.Equal("b", Assert.IsType<RecoveryVerdict.BootstrapNode>(RecoveryDecision.Decide(facts)).Node);
    }

    private static RecoveryReport Report(string node, long seqno, DateTimeOffset at) =>
        new(node, Uuid, -1, false, $"{Uuid}:{seqno}", HasGvwstate: true, SstInProgress: false, All, at);
}
