using Meridian.Core.Decisions;

namespace Meridian.Core.Tests.Decisions;

public sealed class FirstStartDecisionTests
{
    private const string Me = "us-east-1-db1";
    private const string Other = "us-west-2-db1";
    private const string Uuid = "a602d575-77e6-4bac-92b4-093ebf88d790";
    private const string OtherUuid = "11111111-2222-3333-4444-555555555555";

    private static readonly BootstrapClaim Mine = new(Me, Uuid);
    private static readonly BootstrapClaim Theirs = new(Other, Uuid);
    private static readonly PrimarySnapshot Quiet = new(Uuid, 3, 1, Quiescent: true);
    private static readonly PrimarySnapshot Busy = new(Uuid, 3, 2, Quiescent: false);
    private static readonly PrimarySnapshot Foreign = new(OtherUuid, 9, 1, Quiescent: true);

    public static TheoryData<string, FirstStartFacts, string> Cases => new()
    {
        { "not initialised", Facts(initialised: false), "Refuse" },
        { "restart of a started node", Facts(everStarted: true, record: Theirs, primary: Quiet), "JoinExisting" },
        { "restart of the bootstrap node", Facts(everStarted: true, record: Mine), "JoinExisting" },
        { "seeded join failed", Facts(everStarted: true, seededFailed: true, record: Theirs, primary: Quiet), "ResetForSst" },
        { "fresh, nobody claimed", Facts(), "ClaimBootstrap" },
        { "fresh, no record but a Primary exists", Facts(primary: Foreign), "JoinExisting" },
        { "fresh winner, nobody Primary", Facts(record: Mine), "Bootstrap" },
        { "fresh winner, another node Primary", Facts(record: Mine, primary: Quiet), "JoinExisting" },
        { "fresh loser, nobody Primary yet", Facts(record: Theirs), "WaitForPrimary" },
        { "fresh loser, quiescent Primary", Facts(record: Theirs, primary: Quiet), "JoinFresh" },
        { "fresh loser, Primary busy", Facts(record: Theirs, primary: Busy), "WaitForPrimary" },
        { "fresh loser, earlier joiner pending", Facts(record: Theirs, primary: Quiet, earlierPending: true), "WaitForPrimary" },
        { "fresh loser, Primary with another UUID", Facts(record: Theirs, primary: Foreign), "Refuse" },
        { "record with zero UUID", Facts(record: new BootstrapClaim(Other, Guid.Empty.ToString())), "Refuse" },
        { "record with garbage UUID", Facts(record: new BootstrapClaim(Me, "x")), "Refuse" },
        { "wiped datadir after the first formation, Primary exists: full SST", Facts(record: Theirs, primary: Quiet, formed: true), "JoinBySst" },
        { "wiped bootstrap winner after the first formation, nobody Primary: full SST, never a new cluster", Facts(record: Mine, formed: true), "JoinBySst" },
        { "wiped datadir after formation, no record (foreign cluster): full SST", Facts(formed: true), "JoinBySst" },
        { "first bootstrap died before anyone joined: bootstrap again", Facts(everStarted: true, record: Mine, diedAlone: true), "Bootstrap" },
        { "first bootstrap died alone but the cluster formed since: normal start", Facts(everStarted: true, record: Mine, diedAlone: true, formed: true), "JoinExisting" },
        { "first bootstrap died alone but another node is Primary: normal start", Facts(everStarted: true, record: Mine, diedAlone: true, primary: Quiet), "JoinExisting" },
        { "died alone, but the record names another node: normal start", Facts(everStarted: true, record: Theirs, diedAlone: true), "JoinExisting" },
        { "fresh loser, Primary reports seqno -1", Facts(record: Theirs, primary: Quiet with { LastCommitted = -1 }), "WaitForPrimary" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Given_facts_When_deciding_Then_the_action_matches(string because, FirstStartFacts facts, string expected)
    {
        var action = FirstStartDecision.Decide(facts);
        Assert.True(action.GetType().Name == expected, $"{because}: expected {expected}, got {action}");
    }

    [Fact]
    public void Given_a_quiescent_primary_When_a_fresh_loser_joins_Then_it_seeds_the_clusters_position()
    {
        var action = Assert.IsType<FirstStartAction.JoinFresh>(FirstStartDecision.Decide(Facts(record: Theirs, primary: Quiet)));
        Assert.Equal(Guid.Parse(Uuid), action.Uuid);
        Assert.Equal(3, action.Seqno);
    }

    /// <summary>The safety invariant over every combination: --wsrep-new-cluster only for a fresh node the record names, with no Primary elsewhere.</summary>
    [Fact]
    public void Bootstrap_is_never_chosen_when_another_node_is_named_or_reports_primary()
    {
        foreach (var initialised in new[] { true, false })
        foreach (var everStarted in new[] { true, false })
        foreach (var seeded in new[] { true, false })
        foreach (var record in new BootstrapClaim?[] { null, Mine, Theirs, new(Other, OtherUuid) })
        foreach (var primary in new PrimarySnapshot?[] { null, Quiet, Busy, Foreign })
        foreach (var pending in new[] { true, false })
        foreach (var formed in new[] { true, false })
        foreach (var diedAlone in new[] { true, false })
        {
            var action = FirstStartDecision.Decide(new FirstStartFacts(Me, initialised, everStarted, seeded, record, primary, pending, formed, diedAlone));
            if (action is FirstStartAction.Bootstrap)
            {
                Assert.Equal(Me, record?.Node);
                Assert.Null(primary);
                Assert.False(formed);
                Assert.True(!everStarted || diedAlone);
            }

            // Issue 10: after the first formation a fresh datadir is never pre-seeded: it takes a full SST.
            if (formed && !everStarted)
            {
                Assert.IsNotType<FirstStartAction.JoinFresh>(action);
            }
        }
    }

    private static FirstStartFacts Facts(
        bool initialised = true, bool everStarted = false, bool seededFailed = false, BootstrapClaim? record = null, PrimarySnapshot? primary = null, bool earlierPending = false,
        bool formed = false, bool diedAlone = false) =>
        new(Me, initialised, everStarted, seededFailed, record, primary, earlierPending, formed, diedAlone);
}
