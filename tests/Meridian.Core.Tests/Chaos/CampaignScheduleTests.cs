using Meridian.Core.Chaos;

namespace Meridian.Core.Tests.Chaos;

/// <summary>The fault campaign's schedule: overlapping faults and every kind in turn (docs/operations.md "Fault campaign").</summary>
public sealed class CampaignScheduleTests
{
    private static readonly FaultTargets Targets = new(["a-db1", "b-db1", "c-db1"], ["a", "b", "c"], ["a~b", "a~c", "b~c"]);

    [Theory]
    [InlineData(1)]
    [InlineData(42)]
    [InlineData(-7)]
    public void Given_the_campaign_options_When_planning_ten_minutes_of_every_kind_Then_at_least_50_faults_cover_every_kind(int seed)
    {
        var schedule = FaultScheduler.Plan(seed, TimeSpan.FromMinutes(10), FaultKinds.All, Targets, FaultScheduleOptions.Campaign);

        Assert.True(schedule.Length >= 50, $"only {schedule.Length} faults");
        Assert.All(FaultKinds.All, k => Assert.Contains(schedule, f => f.Kind == k));
        Assert.Contains(schedule, f => f.Overlaps);
        Assert.Contains(schedule, f => !f.Overlaps);
    }

    [Fact]
    public void Given_every_kind_in_turn_When_planned_Then_each_block_of_eight_holds_every_kind_once()
    {
        var schedule = FaultScheduler.Plan(5, TimeSpan.FromMinutes(10), FaultKinds.All, Targets, FaultScheduleOptions.Campaign);
        var kinds = FaultKinds.All.Length;

        foreach (var block in schedule.Chunk(kinds).Where(b => b.Length == kinds))
        {
            Assert.Equal(FaultKinds.All.Order(), block.Select(f => f.Kind).Order());
        }
    }

    [Theory]
    [InlineData(3)]
    [InlineData(99)]
    public void Given_overlapping_faults_When_planned_Then_they_follow_the_previous_end_after_the_overlap_gap_and_the_others_after_quiet(int seed)
    {
        var options = FaultScheduleOptions.Campaign;

        var schedule = FaultScheduler.Plan(seed, TimeSpan.FromMinutes(10), FaultKinds.All, Targets, options);

        Assert.False(schedule[0].Overlaps);
        Assert.All(schedule.Zip(schedule.Skip(1)), p =>
        {
            var gap = p.Second.At - (p.First.At + p.First.Duration);
            if (p.Second.Overlaps)
            {
                Assert.InRange(gap, options.MinOverlapGap, options.MaxOverlapGap);
            }
            else
            {
                Assert.InRange(gap, options.MinQuiet, options.MaxQuiet);
            }
        });
        Assert.Contains("(overlapping)", schedule.First(f => f.Overlaps).ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Given_no_overlap_chance_When_planned_Then_the_schedule_equals_the_one_without_the_new_options()
    {
        var plain = FaultScheduleOptions.Default;
        var explicitNoOverlap = plain with { OverlapChance = 0, EveryKindInTurn = false };

        var first = FaultScheduler.Plan(42, TimeSpan.FromMinutes(5), FaultKinds.Survivable, Targets, plain);
        var second = FaultScheduler.Plan(42, TimeSpan.FromMinutes(5), FaultKinds.Survivable, Targets, explicitNoOverlap);

        Assert.Equal(first.ToArray(), second.ToArray());
        Assert.DoesNotContain(first, f => f.Overlaps);
    }
}
