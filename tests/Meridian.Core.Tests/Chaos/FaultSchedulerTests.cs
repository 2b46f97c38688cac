using Meridian.Core.Chaos;

namespace Meridian.Core.Tests.Chaos;

public sealed class FaultSchedulerTests
{
    private static readonly FaultTargets Targets = new(["a-db1", "b-db1", "c-db1"], ["a", "b", "c"], ["a~b", "a~c", "b~c"]);

    [Fact]
    public void Given_the_same_seed_When_planning_twice_Then_the_schedules_are_identical()
    {
        var first = FaultScheduler.Plan(42, TimeSpan.FromMinutes(5), FaultKinds.Survivable, Targets, FaultScheduleOptions.Default);
        var second = FaultScheduler.Plan(42, TimeSpan.FromMinutes(5), FaultKinds.Survivable, Targets, FaultScheduleOptions.Default);

        Assert.NotEmpty(first);
        Assert.Equal(first.Select(f => f.ToString()), second.Select(f => f.ToString()));
    }

    [Fact]
    public void Given_different_seeds_When_planning_Then_the_schedules_differ()
    {
        var first = FaultScheduler.Plan(1, TimeSpan.FromMinutes(5), FaultKinds.Survivable, Targets, FaultScheduleOptions.Default);
        var second = FaultScheduler.Plan(2, TimeSpan.FromMinutes(5), FaultKinds.Survivable, Targets, FaultScheduleOptions.Default);

        Assert.NotEqual(first.Select(f => f.ToString()), second.Select(f => f.ToString()));
    }

    [Theory]
    [InlineData(7)]
    [InlineData(1234)]
    [InlineData(-5)]
    public void Given_a_run_When_planned_Then_faults_never_overlap_leave_quiet_time_and_end_within_the_run(int seed)
    {
        var options = FaultScheduleOptions.Default;
        var run = TimeSpan.FromMinutes(5);

        var schedule = FaultScheduler.Plan(seed, run, FaultKinds.Survivable, Targets, options);

        Assert.Equal(options.FirstAt, schedule[0].At);
        Assert.All(schedule, f => Assert.True(f.At + f.Duration <= run));
        Assert.All(schedule.Zip(schedule.Skip(1)), p => Assert.True(p.Second.At >= p.First.At + p.First.Duration + options.MinQuiet));
        Assert.All(schedule.Where(f => FaultKinds.IsTimed(f.Kind)), f => Assert.InRange(f.Duration, options.MinFaultDuration, options.MaxFaultDuration));
        Assert.All(schedule.Where(f => !FaultKinds.IsTimed(f.Kind)), f => Assert.Equal(TimeSpan.Zero, f.Duration));
    }

    [Fact]
    public void Given_kill_node_and_cut_link_only_When_planned_Then_targets_match_the_fault_kind()
    {
        var schedule = FaultScheduler.Plan(3, TimeSpan.FromMinutes(10), [FaultKind.KillNode, FaultKind.CutLink], Targets, FaultScheduleOptions.Default);

        Assert.Contains(schedule, f => f.Kind == FaultKind.KillNode);
        Assert.Contains(schedule, f => f.Kind == FaultKind.CutLink);
        Assert.All(schedule.Where(f => f.Kind == FaultKind.KillNode), f => Assert.Contains(f.Target, Targets.Nodes));
        Assert.All(schedule.Where(f => f.Kind == FaultKind.CutLink), f => Assert.Contains(f.Target, Targets.Pairs));
    }

    [Fact]
    public void Given_a_run_shorter_than_the_first_fault_When_planned_Then_nothing_is_scheduled()
    {
        Assert.Empty(FaultScheduler.Plan(1, TimeSpan.FromSeconds(2), FaultKinds.Survivable, Targets, FaultScheduleOptions.Default));
    }

    [Fact]
    public void Given_no_pairs_When_only_cut_link_is_allowed_Then_nothing_is_scheduled()
    {
        var oneRegion = new FaultTargets(["a-db1"], ["a"], []);

        Assert.Empty(FaultScheduler.Plan(1, TimeSpan.FromMinutes(5), [FaultKind.CutLink], oneRegion, FaultScheduleOptions.Default));
    }

    [Fact]
    public void Given_the_survivable_set_Then_crash_all_is_not_in_it_and_every_name_round_trips()
    {
        Assert.DoesNotContain(FaultKind.CrashAll, FaultKinds.Survivable);
        Assert.All(FaultKinds.All, k => Assert.True(FaultKinds.TryParse(FaultKinds.Name(k), out var parsed) && parsed == k));
        Assert.False(FaultKinds.TryParse("kill-everything", out _));
    }

    [Theory]
    [InlineData("10s", 10)]
    [InlineData("5m", 300)]
    [InlineData("500ms", 0.5)]
    [InlineData("1h", 3600)]
    [InlineData("7", 7)]
    public void Given_duration_text_When_parsed_Then_seconds_match(string text, double seconds)
    {
        Assert.True(DurationText.TryParse(text, out var value));
        Assert.Equal(seconds, value.TotalSeconds, 3);
    }

    [Theory]
    [InlineData("")]
    [InlineData("ten seconds")]
    [InlineData("-5s")]
    public void Given_bad_duration_text_When_parsed_Then_it_is_rejected(string text) => Assert.False(DurationText.TryParse(text, out _));
}
