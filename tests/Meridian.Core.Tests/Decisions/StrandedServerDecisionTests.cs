using Meridian.Core.Decisions;

namespace Meridian.Core.Tests.Decisions;

public sealed class StrandedServerDecisionTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);

    /// <summary>One look a second: (this server non-Primary?, the other's status, its report's age in s).</summary>
    private static (bool Restart, int At) Run(params (bool NonPrimary, string Other, double ReportAge)[] looks)
    {
        var since = StrandedServerDecision.NotStranded;
        for (var second = 0; second < looks.Length; second++)
        {
            var now = Start + TimeSpan.FromSeconds(second);
            var (nonPrimary, other, age) = looks[second];
            since = StrandedServerDecision.StrandedSince(since, now, nonPrimary, [(other, now - TimeSpan.FromSeconds(age))]);
            if (StrandedServerDecision.ShouldRestart(since, now))
            {
                return (true, second);
            }
        }

        return (false, -1);
    }

    private static (bool, string, double)[] Repeat(int seconds, bool nonPrimary, string other, double age = 1) =>
        [.. Enumerable.Repeat((nonPrimary, other, age), seconds)];

    [Fact]
    public void Given_a_server_non_Primary_beside_a_live_Primary_When_looked_at_every_second_Then_it_is_restarted_after_30_s()
    {
        Assert.Equal((true, 30), Run(Repeat(40, true, "Primary")));
    }

    [Fact]
    public void Given_a_long_isolation_without_the_others_reports_When_the_cut_heals_Then_the_server_gets_the_whole_patience_again()
    {
        // 60 s cut off: its agent sees no fresh report (etcd in the minority answers nothing, as no report at all).
        var looks = Repeat(60, true, "Primary", age: 60).Concat(Repeat(40, true, "Primary")).ToArray();

        Assert.Equal((true, 90), Run(looks));
    }

    public static TheoryData<string, bool, string, double> NeverStranded => new()
    {
        // why, this server non-Primary, the other's status, its report's age (s)
        { "Primary, or no answer (starting, SST)", false, "Primary", 1 },
        { "no Primary anywhere: recovery's case, not this one", true, "non-Primary", 1 },
        { "the Primary report is stale (its agent may be gone)", true, "Primary", 6 },
    };

    [Theory]
    [MemberData(nameof(NeverStranded))]
    public void Given_no_live_Primary_beside_a_non_Primary_server_When_looked_at_for_minutes_Then_nothing_is_restarted(string why, bool nonPrimary, string other, double age)
    {
        Assert.True(Run(Repeat(300, nonPrimary, other, age)) == (false, -1), why);
    }

    [Fact]
    public void Given_a_report_at_the_freshness_bound_When_looked_at_Then_it_still_counts()
    {
        Assert.Equal((true, 30), Run(Repeat(31, true, "Primary", age: 5)));
    }

    [Fact]
    public void Given_one_Primary_answer_within_the_patience_When_looked_at_Then_the_clock_starts_again()
    {
        var looks = Repeat(20, true, "Primary").Append((false, "Primary", 1)).Concat(Repeat(40, true, "Primary")).ToArray();

        Assert.Equal((true, 51), Run(looks));
    }

    [Fact]
    public void Given_no_other_node_reporting_When_looked_at_Then_the_server_is_not_stranded()
    {
        Assert.Equal(StrandedServerDecision.NotStranded, StrandedServerDecision.StrandedSince(Start, Start + TimeSpan.FromMinutes(5), serverNonPrimary: true, []));
    }
}
