using Meridian.Core.Decisions;

namespace Meridian.Core.Tests.Decisions;

public sealed class StrandedServerDecisionTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);

    public static TheoryData<string, double?, string, double, bool> Cases => new()
    {
        // why, non-Primary for (s, null: the last read was not non-Primary), the other's status, its report's age (s), restart
        { "stuck beside a live Primary", 30, "Primary", 1, true },
        { "long stuck beside a live Primary", 600, "Primary", 0, true },
        { "a re-merge still has time", 29, "Primary", 1, false },
        { "Primary again, or no answer", null, "Primary", 1, false },
        { "no Primary anywhere: recovery's case, not this one", 60, "non-Primary", 1, false },
        { "the Primary report is stale (its agent may be gone)", 60, "Primary", 6, false },
        { "a report at the freshness bound still counts", 60, "Primary", 5, true },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Given_a_running_server_outside_the_Primary_When_judged_Then_it_is_restarted_only_beside_a_live_Primary_after_the_patience(
        string why, double? nonPrimaryFor, string otherStatus, double reportAge, bool restart)
    {
        var since = nonPrimaryFor is { } seconds ? Now - TimeSpan.FromSeconds(seconds) : DateTimeOffset.MaxValue;

        var decided = StrandedServerDecision.ShouldRestart(since, Now, [(otherStatus, Now - TimeSpan.FromSeconds(reportAge))]);

        Assert.True(decided == restart, why);
    }

    [Fact]
    public void Given_no_other_node_reporting_When_judged_Then_nothing_is_restarted()
    {
        Assert.False(StrandedServerDecision.ShouldRestart(Now - TimeSpan.FromMinutes(5), Now, []));
    }
}
