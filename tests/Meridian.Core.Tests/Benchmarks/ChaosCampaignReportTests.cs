using System.Collections.Immutable;
using System.Text.Json;
using Meridian.Core.Benchmarks;
using static Meridian.Core.Tests.Benchmarks.ChaosCampaignSample;

namespace Meridian.Core.Tests.Benchmarks;

public sealed class ChaosCampaignReportTests
{
    private static TargetCheck Target(ChaosCampaignReport report, string startsWith) =>
        report.Targets.Single(t => t.Target.StartsWith(startsWith, StringComparison.Ordinal));

    [Fact]
    public void Given_a_clean_campaign_When_evaluated_Then_every_target_is_met()
    {
        var report = Report(AllRecovered());

        Assert.All(report.Targets, t => Assert.True(t.Met, t.Target + ": " + t.Measured));
        Assert.Equal("56 of 56 scheduled", Target(report, "≥ 50 faults").Measured);
        Assert.Equal("1: median 1.0 s, max 1.0 s", Target(report, "double fault").Measured);
        Assert.Equal("7: median 8.0 s, max 8.0 s", Target(report, "crash-all").Measured);
    }

    [Fact]
    public void Given_a_fault_that_never_recovered_When_evaluated_Then_it_is_named_and_the_operator_target_fails()
    {
        var faults = AllRecovered();
        faults = faults.SetItem(3, faults[3] with { SecondsAfterHeal = null, SecondsAfterInjection = null });

        var report = Report(faults);

        var target = Target(report, "every fault recovers without an operator");
        Assert.False(target.Met);
        Assert.Equal("1 did not: #3 kill-etcd a at +30 s", target.Measured);
        Assert.Contains("- **did not recover within 120 s**: #3 kill-etcd a at +30 s\n", ChaosCampaignMarkdown.Render(report), StringComparison.Ordinal);
    }

    [Fact]
    public void Given_slow_crash_all_and_double_faults_When_evaluated_Then_both_targets_fail_with_the_numbers()
    {
        var faults = AllRecovered().Select(f => f.Kind == "crash-all" ? f with { SecondsAfterHeal = 14 } : f.ArrivedDuringRecovery ? f with { SecondsAfterHeal = 45 } : f).ToImmutableArray();

        var report = Report(faults);

        Assert.Equal(("7: median 14.0 s, max 14.0 s, 7 over 10 s", false), (Target(report, "crash-all").Measured, Target(report, "crash-all").Met));
        Assert.False(Target(report, "double fault").Met);
        var killNode = report.ByKind.Single(k => k.Kind == "kill-node");
        Assert.Equal((45.0, 1.0, 1.0), (killNode.MaxSecondsAfterHeal!.Value, killNode.MedianSecondsAlone!.Value, killNode.MaxSecondsAlone!.Value));
    }

    [Fact]
    public void Given_missing_kinds_few_faults_and_a_short_run_When_evaluated_Then_those_targets_fail()
    {
        var faults = AllRecovered().Where(f => f.Kind != "crash-all").Take(20).ToImmutableArray();

        var report = Report(faults, runSeconds: 120);

        Assert.False(Target(report, "campaign ≥ 10 min").Met);
        Assert.False(Target(report, "≥ 50 faults").Met);
        Assert.Equal("missing: crash-all", Target(report, "every fault kind").Measured);
        Assert.Equal("not measured (none injected)", Target(report, "crash-all").Measured);
    }

    [Fact]
    public void Given_lost_writes_violations_and_stale_reads_When_evaluated_Then_each_target_fails()
    {
        var check = new CampaignCheckResult(false, true, 5000, 3, 2, 0, 1, ["via us-east-1: total balance 7990, expected 8000"], 2.0, ImmutableSortedDictionary<string, int>.Empty);
        var reads = new EndpointReadSummary(100, 90, 1, [new StaleRead(33.5, "us-east-1", "us-east-1-db1", "Donor/Desynced", "Primary")]);

        var report = Report(AllRecovered(), check, reads);
        var text = ChaosCampaignMarkdown.Render(report);

        Assert.Equal(("2 of 5000 lost", false), (Target(report, "0 acknowledged").Measured, Target(report, "0 acknowledged").Met));
        Assert.False(Target(report, "0 balance").Met);
        Assert.Equal(("1 of 90 endpoint reads", false), (Target(report, "no node serves").Measured, Target(report, "no node serves").Met));
        Assert.Contains("- +33.5 s via us-east-1: us-east-1-db1 was Donor/Desynced/Primary\n", text, StringComparison.Ordinal);
        Assert.Contains("- violation: via us-east-1: total balance 7990, expected 8000\n", text, StringComparison.Ordinal);
        Assert.Contains("Verdict: **FAIL**", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Given_no_read_back_When_evaluated_Then_loss_and_balance_are_not_measured_and_not_met()
    {
        var check = new CampaignCheckResult(false, false, 5000, 3, 0, 0, 0, [], null, ImmutableSortedDictionary<string, int>.Empty);

        var report = Report(AllRecovered(), check);

        Assert.StartsWith("not measured", Target(report, "0 acknowledged").Measured, StringComparison.Ordinal);
        Assert.False(Target(report, "0 acknowledged").Met);
        Assert.False(Target(report, "0 balance").Met);
    }

    [Fact]
    public void Given_a_report_When_rendered_Then_targets_per_kind_table_and_timeline_are_there()
    {
        var text = ChaosCampaignMarkdown.Render(Report(AllRecovered()));

        Assert.StartsWith("# Meridian fault campaign: chaos, 2025-03-14\n", text, StringComparison.Ordinal);
        Assert.Contains("seed 7 (the same seed replays the same schedule)", text, StringComparison.Ordinal);
        Assert.Contains("| kill-node | 7 | 7 | 7 | 1 | 1.0 s | 1.0 s | 1.0 s | 1.0 s | 1.0 s | 1.0 s |\n", text, StringComparison.Ordinal);
        Assert.Contains("| isolate-region (timed) | 7 | 7 | 7 | 0 | 5.0 s | 5.0 s | 5.0 s | 5.0 s | 10.0 s | 10.0 s |\n", text, StringComparison.Ordinal);
        Assert.Contains("| all | 56 | 56 | 56 | 1 |", text, StringComparison.Ordinal);
        Assert.Contains("## Double faults\n", text, StringComparison.Ordinal);
        Assert.Contains("None: every scheduled fault was injected and recovered without an operator.", text, StringComparison.Ordinal);
        Assert.Contains("| 55 | +550.0 s | crash-all | a | — |  | 8.0 s | 8.0 s |\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Given_a_report_When_serialized_Then_it_round_trips_through_the_source_generated_context()
    {
        var report = Report(AllRecovered());

        var json = JsonSerializer.Serialize(report, ChaosCampaignJsonContext.Default.ChaosCampaignReport);
        var back = JsonSerializer.Deserialize(json, ChaosCampaignJsonContext.Default.ChaosCampaignReport)!;

        Assert.Contains("\"secondsAfterHeal\": 8", json, StringComparison.Ordinal);
        Assert.Equal(report.Faults.ToArray(), back.Faults.ToArray());
        Assert.Equal(report.Targets.ToArray(), back.Targets.ToArray());
        Assert.Equal(report.Settings, back.Settings);
    }
}
