using Meridian.Core.Decisions;
using Meridian.Core.Galera;
using Meridian.Core.Planning;
using Meridian.Core.Tests.Spec;

namespace Meridian.Core.Tests.Decisions;

/// <summary>
/// Issue 10, "--force-bootstrap can create a second Primary during a partition": on a 3/1/1 spec, region a alone keeps
/// 3 of 5 Galera votes while etcd's quorum (one member per region) is with b and c, and a's reports expire with their
/// lease. The plan comes from the real planner, so the weights are the ones the rendered configs give.
/// </summary>
public sealed class ForceBootstrapDecisionTests
{
    private const string Spec311 = """
        cluster: tri
        provider: local
        regions:
          - name: a
            cidr: 192.168.1.0/24
            nodes: 3
          - name: b
            cidr: 192.168.2.0/24
          - name: c
            cidr: 192.168.3.0/24
        wan:
          rtt:
            a~b: 40ms
            a~c: 60ms
            b~c: 50ms
        """;

    private static readonly Guid History = Guid.Parse("a602d575-77e6-4bac-92b4-093ebf88d790");
    private static readonly ClusterPlan Plan311 = Planner.Plan(SpecTestHelpers.AssertClean(SpecTestHelpers.Load(Spec311)));
    private static readonly IReadOnlyList<GaleraMember> Members = [.. Plan311.Members];
    private static readonly string[] DataNodes = [.. Members.Select(m => m.Name)];
    private static readonly string[] RegionA = [.. Members.Where(m => m.Region == "a").Select(m => m.Name)];
    private static readonly string B1 = Members.Single(m => m.Region == "b").Name;
    private static readonly string C1 = Members.Single(m => m.Region == "c").Name;

    [Fact]
    public void Given_region_a_cut_off_with_3_of_5_votes_When_forcing_b_Then_it_is_refused_and_says_a_can_keep_a_Primary()
    {
        // b and c lost quorum and stopped; a's agents cannot reach etcd, so nothing reports a's Primary.
        var verdict = Decide(B1, down: [B1, C1]);

        var refused = Assert.IsType<ForceBootstrapVerdict.Refuse>(verdict);
        Assert.Contains("3 of 5 Galera votes", refused.Reason, StringComparison.Ordinal);
        Assert.Contains("on their own", refused.Reason, StringComparison.Ordinal);
        Assert.All(RegionA, n => Assert.Contains(n, refused.Reason, StringComparison.Ordinal));
        Assert.Contains("--accept-lost " + string.Join(",", RegionA), refused.Fix, StringComparison.Ordinal);
    }

    public static TheoryData<string, string, string[], string[], string[], string> Cases => new()
    {
        // because, forced, down (reporting recovery facts), reporting Primary, accepted lost, expected
        { "a cut off: refused", "b", ["b", "c"], [], [], "Refuse" },
        { "a cut off, the operator accepts a as lost", "b", ["b", "c"], [], ["a1", "a2", "a3"], "Allow" },
        { "a accepted only in part", "b", ["b", "c"], [], ["a1", "a2"], "Refuse" },
        { "every node stopped and reporting", "b", ["a1", "a2", "a3", "b", "c"], [], [], "Allow" },
        { "a node reports Primary", "b", ["b", "c"], ["a1"], ["a1", "a2", "a3"], "Refuse" },
        { "the forced node's agent does not report", "b", ["a1", "a2", "a3", "c"], [], [], "Refuse" },
        { "a single unknown member (1 of 5) is still refused: a Primary can shrink", "b", ["a1", "a2", "b", "c"], [], [], "Refuse" },
        { "accept-lost names a stranger", "b", ["a1", "a2", "a3", "b", "c"], [], ["zz"], "Refuse" },
        { "accept-lost names the forced node", "b", ["a1", "a2", "a3", "b", "c"], [], ["b"], "Refuse" },
        { "forced node is not a data node", "zz", ["a1", "a2", "a3", "b", "c"], [], [], "Refuse" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Given_facts_When_an_operator_forces_Then_the_verdict_matches(string because, string forced, string[] down, string[] primary, string[] acceptedLost, string expected)
    {
        var verdict = Decide(Name(forced), [.. down.Select(Name)], [.. primary.Select(Name)], [.. acceptedLost.Select(Name)]);
        Assert.True(verdict.GetType().Name == expected, $"{because}: expected {expected}, got {verdict}");
    }

    [Fact]
    public void Given_an_arbitrator_that_does_not_report_When_every_data_node_is_down_Then_the_force_is_allowed()
    {
        GaleraMember[] members = [new("e1", "e", "192.168.1.20", false, 1), new("w1", "w", "192.168.2.20", false, 1), new("g", "x", "192.168.3.20", true, 1)];
        var recovery = new RecoveryFacts(["e1", "w1"], [Stopped("e1", ["e1", "w1", "g"]), Stopped("w1", ["e1", "w1", "g"])], History, "e1", false, ["g"]);
        Assert.IsType<ForceBootstrapVerdict.Allow>(ForceBootstrapDecision.Decide(new ForceBootstrapFacts("e1", members, recovery, [], [])));
    }

    private static ForceBootstrapVerdict Decide(string forced, string[] down, string[]? primary = null, string[]? acceptedLost = null)
    {
        var recovery = new RecoveryFacts(DataNodes, [.. down.Select(n => Stopped(n, DataNodes))], History, forced, false, []);
        return ForceBootstrapDecision.Decide(new ForceBootstrapFacts(forced, Members, recovery, primary ?? [], acceptedLost ?? []));
    }

    /// <summary>Short names in the table ("a1", "b") → the planner's node names.</summary>
    private static string Name(string shortName) => shortName switch
    {
        "a1" or "a2" or "a3" => RegionA[shortName[1] - '1'],
        "b" => B1,
        "c" => C1,
        _ => shortName,
    };

    private static NodeRecoveryFacts Stopped(string node, string[] lastPrimary) =>
        new(node, true, new Grastate(History, -1, false), new GaleraPosition(History, 10), false, false, lastPrimary);
}
