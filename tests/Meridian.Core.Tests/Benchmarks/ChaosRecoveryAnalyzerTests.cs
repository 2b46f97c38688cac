using Meridian.Core.Benchmarks;
using Meridian.Core.Chaos;
using Meridian.Core.Galera;
using static Meridian.Core.Tests.Benchmarks.ChaosCampaignSample;

namespace Meridian.Core.Tests.Benchmarks;

public sealed class ChaosRecoveryAnalyzerTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan Hold = TimeSpan.FromSeconds(3);

    [Fact]
    public void Given_a_kill_node_When_the_cluster_is_whole_again_after_7_s_Then_recovery_counts_from_the_injection_to_the_end_of_the_first_whole_sample()
    {
        var faults = new[] { Instant(0, FaultKind.KillNode, 10) };

        var result = Assert.Single(ChaosRecoveryAnalyzer.Measure(Start, faults, Samples(60, (10, 17)), Bound, Hold));

        Assert.Equal(7.1, result.SecondsAfterHeal);
        Assert.Equal(7.1, result.SecondsAfterInjection);
        Assert.Equal(10, result.AtSeconds);
        Assert.False(result.ArrivedDuringRecovery);
    }

    [Fact]
    public void Given_a_timed_fault_When_measured_Then_after_heal_counts_from_the_heal_and_after_injection_from_the_cut()
    {
        var faults = new[] { Timed(0, FaultKind.IsolateRegion, 10, 8) };

        var result = Assert.Single(ChaosRecoveryAnalyzer.Measure(Start, faults, Samples(60, (15, 22)), Bound, Hold));

        Assert.Equal(4.1, result.SecondsAfterHeal);
        Assert.Equal(12.1, result.SecondsAfterInjection);
        Assert.True(result.Timed);
    }

    [Fact]
    public void Given_a_whole_view_right_after_the_heal_that_breaks_a_second_later_When_measured_Then_the_brief_whole_view_does_not_count()
    {
        var faults = new[] { Timed(0, FaultKind.CutLink, 10, 5) };

        // Whole at 15–16 s (Galera had not noticed the cut yet), then out 16–20 s.
        var result = Assert.Single(ChaosRecoveryAnalyzer.Measure(Start, faults, Samples(60, (10, 15), (16, 20)), Bound, Hold));

        Assert.Equal(5.1, result.SecondsAfterHeal);
    }

    [Fact]
    public void Given_a_fault_that_never_recovers_within_the_bound_When_measured_Then_it_is_not_recovered()
    {
        var faults = new[] { Instant(0, FaultKind.CrashAll, 10) };

        var result = Assert.Single(ChaosRecoveryAnalyzer.Measure(Start, faults, Samples(200, (10, 140)), Bound, Hold));

        Assert.True(result.Injected);
        Assert.False(result.Recovered);
        Assert.Null(result.SecondsAfterInjection);
    }

    [Fact]
    public void Given_a_second_fault_before_the_first_recovered_When_measured_Then_it_is_a_double_fault_and_the_first_recovers_with_it()
    {
        var faults = new[] { Instant(0, FaultKind.KillNode, 10), Instant(1, FaultKind.KillAgent, 12, overlaps: true), Instant(2, FaultKind.KillEtcd, 40) };

        var results = ChaosRecoveryAnalyzer.Measure(Start, faults, Samples(80, (10, 20)), Bound, Hold);

        Assert.False(results[0].ArrivedDuringRecovery);
        Assert.Equal(10.1, results[0].SecondsAfterHeal);
        Assert.True(results[1].ArrivedDuringRecovery);
        Assert.True(results[1].PlannedOverlap);
        Assert.Equal(8.1, results[1].SecondsAfterHeal);
        Assert.False(results[2].ArrivedDuringRecovery);
        Assert.Equal(0.1, results[2].SecondsAfterHeal);
    }

    [Fact]
    public void Given_an_overlap_planned_after_the_previous_had_recovered_When_measured_Then_it_is_not_a_double_fault()
    {
        var faults = new[] { Instant(0, FaultKind.KillAgent, 10), Instant(1, FaultKind.KillRouter, 12, overlaps: true) };

        var results = ChaosRecoveryAnalyzer.Measure(Start, faults, Samples(40), Bound, Hold);

        Assert.True(results[1].PlannedOverlap);
        Assert.False(results[1].ArrivedDuringRecovery);
    }

    [Fact]
    public void Given_a_skipped_fault_When_measured_Then_it_keeps_its_reason_and_does_not_break_the_overlap_chain()
    {
        var skipped = new InjectedFault(1, new ScheduledFault(TimeSpan.FromSeconds(20), FaultKind.PauseNode, "b", TimeSpan.FromSeconds(5)), null, null, "skipped: not synced");
        var faults = new[] { Instant(0, FaultKind.KillNode, 10), skipped, Instant(2, FaultKind.KillAgent, 15) };

        var results = ChaosRecoveryAnalyzer.Measure(Start, faults, Samples(60, (10, 30)), Bound, Hold);

        Assert.Equal("skipped: not synced", results[1].NotInjectedBecause);
        Assert.Equal(20, results[1].AtSeconds);
        Assert.True(results[2].ArrivedDuringRecovery);
    }

    [Fact]
    public void Given_recoveries_When_summarized_Then_each_kind_has_count_median_and_max_and_missing_kinds_are_zero()
    {
        var faults = new[]
        {
            Instant(0, FaultKind.KillNode, 10), Instant(1, FaultKind.KillNode, 40), Instant(2, FaultKind.KillNode, 70),
            Timed(3, FaultKind.PauseNode, 100, 5),
        };
        var measured = ChaosRecoveryAnalyzer.Measure(Start, faults, Samples(200, (10, 14), (40, 50), (70, 76), (100, 107)), Bound, Hold);

        var summary = ChaosRecoveryAnalyzer.Summarize(measured, FaultKinds.All);

        var killNode = summary.Single(s => s.Kind == "kill-node");
        Assert.Equal((3, 3, 3), (killNode.Scheduled, killNode.Injected, killNode.Recovered));
        Assert.Equal(6.1, killNode.MedianSecondsAfterHeal);
        Assert.Equal(10.1, killNode.MaxSecondsAfterHeal);
        var pause = summary.Single(s => s.Kind == "pause-node");
        Assert.Equal(2.1, pause.MedianSecondsAfterHeal);
        Assert.Equal(7.1, pause.MedianSecondsAfterInjection);
        Assert.Equal(0, summary.Single(s => s.Kind == "crash-all").Scheduled);
        Assert.Null(summary.Single(s => s.Kind == "crash-all").MedianSecondsAfterHeal);
    }

    [Theory]
    [InlineData(new double[] { 3 }, 3)]
    [InlineData(new double[] { 4, 1, 3 }, 3)]
    [InlineData(new double[] { 4, 1, 3, 2 }, 2.5)]
    public void Given_values_When_taking_the_median_Then_the_middle_is_returned(double[] values, double median) =>
        Assert.Equal(median, ChaosRecoveryAnalyzer.Median(values));

    [Fact]
    public void Given_node_statuses_When_sampled_Then_only_synced_primary_full_size_members_of_one_cluster_count()
    {
        static WsrepStatus Node(string state = "Synced", string status = "Primary", int size = 3, string uuid = "u1") =>
            new(state, status, size, uuid, 10, 0, 0, true, 1, 4);

        Assert.True(ClusterHealthSample.Of(Start, Start, [Node(), Node(), Node()], 3).FullySynced);
        Assert.Equal(2, ClusterHealthSample.Of(Start, Start, [Node(), Node(), null], 3).SyncedInPrimary);
        Assert.Equal(2, ClusterHealthSample.Of(Start, Start, [Node(), Node(), Node(state: "Joined")], 3).SyncedInPrimary);
        Assert.Equal(2, ClusterHealthSample.Of(Start, Start, [Node(), Node(), Node(status: "non-Primary", size: 1)], 3).SyncedInPrimary);
        Assert.Equal(2, ClusterHealthSample.Of(Start, Start, [Node(), Node(), Node(uuid: "u2")], 3).SyncedInPrimary);
        Assert.Equal(0, ClusterHealthSample.Of(Start, Start, [Node(size: 2), Node(size: 2), null], 3).SyncedInPrimary);
    }
}
