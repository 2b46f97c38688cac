using Meridian.Core.Benchmarks;

namespace Meridian.Core.Tests.Benchmarks;

public sealed class WanPerfMarkdownTests
{
    private static string Render(WanPerfReport? report = null)
    {
        var r = report ?? WanPerfSample.Report();
        return WanPerfMarkdown.Render(r with { Targets = WanPerfTargets.Evaluate(r) }, "wan-perf-2025-03-14.svg");
    }

    [Fact]
    public void Given_the_sample_When_rendered_Then_title_method_and_picture_come_first()
    {
        var text = Render();

        Assert.StartsWith("# Meridian WAN benchmark: meridian, 2025-03-14\n", text, StringComparison.Ordinal);
        Assert.Contains("| us-east-1 | — | 65 | 150 |\n", text, StringComparison.Ordinal);
        Assert.Contains("**F = 157.5 ms**", text, StringComparison.Ordinal);
        Assert.Contains("its largest RTT is 150.0 ms", text, StringComparison.Ordinal);
        Assert.Contains("60 s per run at 1, 4, 16, 64 clients, on a machine with 8 cores", text, StringComparison.Ordinal);
        Assert.Contains("](wan-perf-2025-03-14.svg)\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Given_met_and_unmet_targets_When_rendered_Then_each_row_is_marked()
    {
        var sample = WanPerfSample.Report();
        var text = Render(sample with { WanTraffic = [] });

        Assert.Contains("| ✓ | single-client commit p50 ≤ 1.05 × F from us-east-1 (derived) | p50 159.7 ms = 1.014 × F (F = 157.5 ms) |\n", text, StringComparison.Ordinal);
        Assert.Contains("| ✗ | segments save ≥ 40 % WAN bytes/transaction, 2 nodes per region | not measured |\n", text, StringComparison.Ordinal);
        Assert.Contains("16 of 17 met.", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Given_the_sample_When_rendered_Then_tables_give_ratios_to_the_floor()
    {
        var text = Render();

        Assert.Contains("| derived | ap-northeast-1 | 200 | 159.7 ms | 162.2 ms | 171.7 ms | 157.5 ms | 1.014 |\n", text, StringComparison.Ordinal);
        Assert.Contains("### oltp_insert\n\n| Clients | derived tps | derived p95 | derived × N/F | derived CPU | defaults tps |", text, StringComparison.Ordinal);
        Assert.Contains("| 64 | 386.0 | 165.4 ms | 0.950 | — | 382.0 |", text, StringComparison.Ordinal);
        Assert.Contains("| 64 | 57600.0 | 165.4 ms | — | — |", text, StringComparison.Ordinal);
        Assert.Contains("| derived | oltp_write_only (special) | 64 | 386.0 | 300.0 | 0.777 | 400.0 ms | 2.50 | 12 |\n", text, StringComparison.Ordinal);
        Assert.Contains("| derived | hot | 4 × 3 regions | 60.0 | 9000 | 150.0 | 1000 | 10.0 % | 2 |\n", text, StringComparison.Ordinal);
        Assert.Contains("| 2 per region, segments | derived | 2 | yes | 10000 | 6000000 | 40000 | 600 | 594 | 45.7 % |\n", text, StringComparison.Ordinal);
        Assert.Contains("| 2 per region, no segments | derived | 2 | no | 10000 | 11000000 | 70000 | 1100 | 1094 | — |\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Given_a_configuration_that_loses_commits_When_rendered_Then_its_speed_never_appears_without_the_warning()
    {
        var text = Render();

        Assert.Contains("| tutorial | old tutorial my.cnf, no TLS, no segments | ⚠ flush_log_at_trx_commit=0: acknowledged commits lost on crash |", text, StringComparison.Ordinal);
        Assert.Contains("| tutorial ⚠ tps | tutorial ⚠ p95 | tutorial ⚠ × N/F |", text, StringComparison.Ordinal);
        var sections = text.Split("### ", StringSplitOptions.None).Skip(1).ToList();
        Assert.Equal(3, sections.Count);
        Assert.All(sections, s => Assert.Contains("⚠ tutorial: flush_log_at_trx_commit=0: acknowledged commits lost on crash\n", s, StringComparison.Ordinal));
        Assert.DoesNotContain("derived ⚠", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Given_an_empty_report_When_rendered_Then_only_method_and_unmet_targets_appear()
    {
        var empty = WanPerfSample.Report() with
        {
            Configurations = [], CommitProbes = [], Throughput = [], MultiWriter = [], WanTraffic = [],
            Settings = new BenchSettings(30, [], 2),
        };

        var text = Render(empty);

        Assert.Contains("0 of 6 met.", text, StringComparison.Ordinal);
        Assert.DoesNotContain("## Throughput", text, StringComparison.Ordinal);
        Assert.DoesNotContain("## WAN traffic", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Given_a_pipe_in_a_name_When_rendered_Then_the_table_cell_escapes_it()
    {
        var sample = WanPerfSample.Report();
        var text = Render(sample with { Configurations = [new BenchConfiguration("a|b", "x", null)] });

        Assert.Contains("| a\\|b | x |", text, StringComparison.Ordinal);
    }
}
