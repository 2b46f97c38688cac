using Meridian.Core.Benchmarks;

namespace Meridian.Core.Tests.Benchmarks;

public sealed class WanPerfTargetsTests
{
    private static readonly Dictionary<string, Func<WanPerfReport, WanPerfReport>> Cases = new()
    {
        ["as measured"] = r => r,
        ["slow region"] = r => r with { CommitProbes = [.. r.CommitProbes.Select(p => p.Region == "us-west-2" ? p with { P50Ms = 1.06 * p.FloorMs } : p)] },
        ["exactly 1.05"] = r => r with { CommitProbes = [.. r.CommitProbes.Select(p => p with { P50Ms = 165.375 })] },
        ["probe missing"] = r => r with { CommitProbes = [.. r.CommitProbes.Where(p => p.Region != "ap-northeast-1")] },
        ["probe of defaults only"] = r => r with { CommitProbes = [.. r.CommitProbes.Select(p => p with { Configuration = "defaults" })] },
        ["saturation low"] = r => With(r, "derived", "oltp_insert", 64, tps: 0.91 * 64 / 0.1575),
        ["no 64 clients"] = r => r with { Throughput = [.. r.Throughput.Where(p => p.Clients != 64)] },
        ["derived 2.9 % slower"] = r => With(r, "derived", "oltp_write_only", 16, tps: 0.971 * 0.94 * 16 / 0.1575),
        ["derived 4 % slower"] = r => With(r, "derived", "oltp_write_only", 16, tps: 0.96 * 0.94 * 16 / 0.1575),
        ["derived reads 12 % slower"] = r => With(r, "derived", "oltp_read_only", 64, tps: 0.88 * 56320),
        ["derived reads 16 % slower"] = r => With(r, "derived", "oltp_read_only", 64, tps: 0.84 * 56320),
        ["no defaults"] = r => r with { Throughput = [.. r.Throughput.Where(p => p.Configuration != "defaults")] },
        ["segments save 39 %"] = r => r with { WanTraffic = [.. r.WanTraffic.Select(t => t.Segments ? t with { WanBytes = (long)((0.61 * 1094 * 10_000) + 60_000) } : t)] },
        ["no segment run"] = r => r with { WanTraffic = [.. r.WanTraffic.Where(t => !t.Segments)] },
        ["segments with one node per region"] = r => r with { WanTraffic = [.. r.WanTraffic.Select(t => t with { NodesPerRegion = 1 })] },
    };

    private static WanPerfReport With(WanPerfReport report, string configuration, string workload, int clients, double tps) =>
        report with
        {
            Throughput = [.. report.Throughput.Select(p => p.Configuration == configuration && p.Workload == workload && p.Distribution == "uniform" && p.Clients == clients
                ? p with { Tps = tps, FloorFraction = ThroughputPoint.FractionOfFloor(workload, clients, tps, WanPerfSample.Floor) }
                : p)],
        };

    [Theory]
    [InlineData("as measured", "p50 ≤ 1.05 × F from us-west-2 (derived)", true, "= 1.014 × F")]
    [InlineData("slow region", "p50 ≤ 1.05 × F from us-west-2 (derived)", false, "= 1.060 × F")]
    [InlineData("slow region", "p50 ≤ 1.05 × F from us-east-1 (derived)", true, "= 1.014 × F")]
    [InlineData("exactly 1.05", "p50 ≤ 1.05 × F from us-east-1 (derived)", true, "= 1.050 × F (F = 157.5 ms)")]
    [InlineData("probe missing", "p50 ≤ 1.05 × F from ap-northeast-1 (derived)", false, "not measured")]
    [InlineData("probe of defaults only", "p50 ≤ 1.05 × F from us-east-1 (derived)", false, "not measured")]
    [InlineData("as measured", "oltp_insert uniform at 64 clients ≥ 0.92 × N/F (derived)", true, "386.0 tps = 0.950 × N/F")]
    [InlineData("saturation low", "oltp_insert uniform at 64 clients ≥ 0.92 × N/F (derived)", false, "= 0.910 × N/F")]
    [InlineData("no 64 clients", "oltp_insert uniform at 64 clients ≥ 0.92 × N/F (derived)", false, "not measured")]
    [InlineData("as measured", "within 15 % noise (reads do not replicate): oltp_read_only uniform 64 clients", true, "57600.0 vs 56320.0 tps (+2.3 %)")]
    [InlineData("derived reads 12 % slower", "within 15 % noise (reads do not replicate): oltp_read_only uniform 64 clients", true, "(-12.0 %)")]
    [InlineData("derived reads 16 % slower", "within 15 % noise (reads do not replicate): oltp_read_only uniform 64 clients", false, "(-16.0 %)")]
    [InlineData("derived 2.9 % slower", "within 3 % noise: oltp_write_only uniform 16 clients", true, "(-2.9 %)")]
    [InlineData("derived 4 % slower", "within 3 % noise: oltp_write_only uniform 16 clients", false, "(-4.0 %)")]
    [InlineData("no defaults", "derived tps ≥ defaults tps (within 3 % noise)", false, "not measured")]
    [InlineData("as measured", "segments save ≥ 40 % WAN bytes/transaction, 2 nodes per region (derived)", true, "594 vs 1094 B/txn net of idle: saving 45.7 %")]
    [InlineData("segments save 39 %", "segments save ≥ 40 % WAN bytes/transaction, 2 nodes per region (derived)", false, "saving 39.0 %")]
    [InlineData("no segment run", "segments save ≥ 40 % WAN bytes/transaction, 2 nodes per region", false, "not measured")]
    [InlineData("segments with one node per region", "segments save ≥ 40 % WAN bytes/transaction, 2 nodes per region", false, "not measured")]
    public void Given_a_case_When_targets_are_evaluated_Then_the_named_check_reports_the_measurement(
        string scenario, string target, bool met, string measured)
    {
        var checks = WanPerfTargets.Evaluate(Cases[scenario](WanPerfSample.Report()));

        var check = Assert.Single(checks, c => c.Target.EndsWith(target, StringComparison.Ordinal));
        Assert.Equal(met, check.Met);
        Assert.Contains(measured, check.Measured, StringComparison.Ordinal);
    }

    [Fact]
    public void Given_the_sample_When_evaluated_Then_every_target_is_met_and_each_uniform_and_special_pair_is_compared()
    {
        var checks = WanPerfTargets.Evaluate(WanPerfSample.Report());

        Assert.All(checks, c => Assert.True(c.Met, c.Target));
        Assert.Equal(3 + 1 + 12 + 1, checks.Length);
    }

    [Fact]
    public void Given_an_empty_report_When_evaluated_Then_each_target_is_unmet_and_not_measured()
    {
        var empty = WanPerfSample.Report() with { Regions = [], CommitProbes = [], Throughput = [], WanTraffic = [], MultiWriter = [] };

        var checks = WanPerfTargets.Evaluate(empty);

        Assert.Equal(4, checks.Length);
        Assert.All(checks, c => Assert.Equal(new TargetCheck(c.Target, "not measured", false), c));
    }
}
