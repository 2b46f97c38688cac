using Meridian.Core.Decisions;
using Meridian.Core.Galera;

namespace Meridian.Core.Tests.Decisions;

public sealed class RecoveryDecisionTests
{
    private const string A = "ap-db1";
    private const string B = "eu-db1";
    private const string C = "us-db1";
    private const string Garb = "us-garb1";
    private static readonly string[] All = [A, B, C];
    private static readonly Guid History = Guid.Parse("a602d575-77e6-4bac-92b4-093ebf88d790");
    private static readonly Guid Other = Guid.Parse("11111111-2222-3333-4444-555555555555");

    public static TheoryData<string, RecoveryFacts, string> Cases => new()
    {
        { "kill -9 of all, gvwstate everywhere: pc.recovery", Facts([Crashed(A, 10), Crashed(B, 12), Crashed(C, 11)]), "StartAll" },
        { "kill -9 of all, pc.recovery already failed: most advanced by recovered position", Facts([Crashed(A, 10), Crashed(B, 12), Crashed(C, 11)], pcFailed: true), B },
        { "all -1, no gvwstate: recovered positions decide", Facts([Crashed(A, 10, gvw: false), Crashed(B, 9, gvw: false), Crashed(C, 11, gvw: false)]), C },
        { "clean stop, grastate seqnos", Facts([Clean(A, 5, safe: false), Clean(B, 7, safe: true), Clean(C, 6, safe: false)]), B },
        { "one zero UUID with a high seqno is ignored", Facts([Crashed(A, 10, gvw: false), Node(B, new Grastate(Guid.Empty, -1, false), new GaleraPosition(Guid.Empty, 99)), Crashed(C, 8, gvw: false)]), A },
        { "two UUIDs, majority wins even against a higher foreign seqno", Facts([Crashed(A, 10, gvw: false), Crashed(B, 500, gvw: false, uuid: Other), Crashed(C, 9, gvw: false)]), A },
        { "two UUIDs, one each, record decides", Facts([Crashed(A, 10, gvw: false), Crashed(B, 50, gvw: false, uuid: Other), Node(C, Grastate.Undefined, null)]), A },
        { "two UUIDs, one each, no record: refuse", Facts([Crashed(A, 10, gvw: false), Crashed(B, 50, gvw: false, uuid: Other), Node(C, Grastate.Undefined, null)], noRecord: true), "Refuse" },
        { "safe_to_bootstrap:1 but behind is not chosen", Facts([Clean(A, 20, safe: true), Crashed(B, 25, gvw: false), Crashed(C, 24, gvw: false)]), B },
        { "unreachable member of the last Primary: wait", Facts([Crashed(A, 10, gvw: false), Crashed(B, 12, gvw: false)]), "Wait" },
        { "unreachable member flagged Reachable=false: wait", Facts([Crashed(A, 10, gvw: false), Crashed(B, 12, gvw: false), Crashed(C, 13, gvw: false) with { Reachable = false }]), "Wait" },
        { "unreachable node that left the Primary earlier does not block", Facts([Crashed(A, 10, gvw: false, last: [A, B]), Crashed(B, 12, gvw: false, last: [A, B])]), B },
        { "tie: first name wins", Facts([Crashed(A, 12, gvw: false), Crashed(B, 12, gvw: false), Crashed(C, 11, gvw: false)]), A },
        { "stale sst_in_progress: that node's position is not trusted", Facts([Crashed(A, 10, gvw: false), Crashed(B, 30, gvw: false) with { SstInProgress = true }, Crashed(C, 11, gvw: false)]), C },
        { "nobody has a position: refuse", Facts([Node(A, Grastate.Undefined, null), Node(B, Grastate.Undefined, null), Node(C, Grastate.Undefined, null)]), "Refuse" },
        { "nobody reachable has a position, one missing: wait", Facts([Node(A, Grastate.Undefined, null), Node(B, Grastate.Undefined, null)]), "Wait" },
        { "forced bootstrap despite a missing node", Facts([Crashed(A, 10, gvw: false), Crashed(B, 12, gvw: false)], forced: A), A },
        { "forced node itself unreachable: wait for it", Facts([Crashed(A, 10, gvw: false), Crashed(B, 12, gvw: false)], forced: C), "Wait" },
        { "pc.recovery needs gvwstate on every member", Facts([Crashed(A, 10), Crashed(B, 12, gvw: false), Crashed(C, 11)]), B },
        { "no node kept a last-Primary list: every planned node is waited for", Facts([Crashed(A, 10, gvw: false, last: []), Crashed(B, 12, gvw: false, last: [])]), "Wait" },
        { "the arbitrator in the last Primary is never waited for", Facts([Crashed(A, 10, gvw: false, last: [A, B, C, Garb]), Crashed(B, 12, gvw: false, last: [A, B, C, Garb]), Crashed(C, 11, gvw: false, last: [A, B, C, Garb])], arbitrators: [Garb]), B },
        { "pc.recovery with the arbitrator in the last Primary", Facts([Crashed(A, 10, last: [A, B, C, Garb]), Crashed(B, 12, last: [A, B, C, Garb]), Crashed(C, 11, last: [A, B, C, Garb])], arbitrators: [Garb]), "StartAll" },
        { "a member nobody could name (unknown address) is waited for", Facts([Crashed(A, 10, gvw: false, last: [A, B, C, "unknown:10.9.9.9:3306"]), Crashed(B, 12, gvw: false, last: [A, B, C, "unknown:10.9.9.9:3306"]), Crashed(C, 11, gvw: false, last: [A, B, C, "unknown:10.9.9.9:3306"])]), "Wait" },
        { "a node that joined seconds ago is in the list of the node that saw it", Facts([Crashed(A, 10, gvw: false, last: [A, B, C]), Crashed(B, 12, gvw: false, last: [A, B])]), "Wait" },
        { "recovered position beats grastate -1 with the same UUID", Facts([Crashed(A, 3, gvw: false), Node(B, new Grastate(History, -1, true), null), Crashed(C, 4, gvw: false)]), C },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Given_facts_When_deciding_recovery_Then_the_verdict_matches(string because, RecoveryFacts facts, string expected)
    {
        var verdict = RecoveryDecision.Decide(facts);
        var actual = verdict switch
        {
            RecoveryVerdict.BootstrapNode b => b.Node,
            RecoveryVerdict.StartAllAtRecoveredPositions => "StartAll",
            RecoveryVerdict.WaitForMoreInformation => "Wait",
            RecoveryVerdict.Refuse => "Refuse",
            _ => verdict.ToString(),
        };
        Assert.True(actual == expected, $"{because}: expected {expected}, got {verdict}");
    }

    [Fact]
    public void Given_crashed_nodes_When_bootstrapping_Then_the_recovered_position_is_used_never_minus_one()
    {
        var verdict = Assert.IsType<RecoveryVerdict.BootstrapNode>(RecoveryDecision.Decide(Facts([Crashed(A, 10, gvw: false), Crashed(B, 12, gvw: false), Crashed(C, 11, gvw: false)])));
        Assert.Equal(History, verdict.Uuid);
        Assert.Equal(12, verdict.Seqno);
    }

    [Fact]
    public void Given_a_missing_node_When_waiting_Then_it_is_named()
    {
        var verdict = Assert.IsType<RecoveryVerdict.WaitForMoreInformation>(RecoveryDecision.Decide(Facts([Crashed(A, 10, gvw: false), Crashed(B, 12, gvw: false)])));
        Assert.Equal([C], verdict.MissingNodes);
        Assert.Contains("force-bootstrap", verdict.Reason, StringComparison.Ordinal);
    }

    /// <summary>Invariant over many combinations: a bootstrap never picks a node behind another node of the chosen history, unless forced.</summary>
    [Fact]
    public void Bootstrap_never_picks_a_node_behind_another_in_its_history()
    {
        long[] seqnos = [-1, 3, 7];
        foreach (var a in seqnos)
        foreach (var b in seqnos)
        foreach (var c in seqnos)
        foreach (var bUuid in new[] { History, Other, Guid.Empty })
        {
            var nodes = new[] { Crashed(A, a, gvw: false), Crashed(B, b, gvw: false, uuid: bUuid), Crashed(C, c, gvw: false) };
            if (RecoveryDecision.Decide(Facts(nodes)) is RecoveryVerdict.BootstrapNode chosen)
            {
                Assert.True(chosen.Seqno >= 0 && chosen.Uuid != Guid.Empty);
                Assert.All(nodes.Select(RecoveryDecision.PositionOf).Where(p => p?.Uuid == chosen.Uuid), p => Assert.True(p!.Value.Seqno <= chosen.Seqno));
            }
        }
    }

    private static RecoveryFacts Facts(NodeRecoveryFacts[] nodes, string? forced = null, bool pcFailed = false, bool noRecord = false, string[]? arbitrators = null) =>
        new(All, nodes, noRecord ? null : History, forced, pcFailed, arbitrators ?? []);

    private static NodeRecoveryFacts Crashed(string node, long seqno, bool gvw = true, Guid? uuid = null, string[]? last = null) =>
        new(node, true, new Grastate(uuid ?? History, -1, false), seqno < 0 ? null : new GaleraPosition(uuid ?? History, seqno), gvw, false, last ?? All);

    private static NodeRecoveryFacts Clean(string node, long seqno, bool safe) =>
        new(node, true, new Grastate(History, seqno, safe), null, false, false, All);

    private static NodeRecoveryFacts Node(string node, Grastate grastate, GaleraPosition? recovered) =>
        new(node, true, grastate, recovered, false, false, All);
}
