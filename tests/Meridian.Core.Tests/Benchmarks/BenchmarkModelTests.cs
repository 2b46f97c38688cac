using System.Text.Json;
using Meridian.Core.Benchmarks;

namespace Meridian.Core.Tests.Benchmarks;

public sealed class BenchmarkModelTests
{
    [Theory]
    [InlineData("oltp_insert", 64, 390.0, 157.5, 0.9598)]
    [InlineData("oltp_write_only", 1, 6.35, 157.5, 1.0001)]
    [InlineData("oltp_read_only", 64, 50000.0, 157.5, null)]
    [InlineData("oltp_insert", 4, 20.0, 0.0, null)]
    public void Given_a_throughput_When_compared_with_n_over_f_Then_writes_get_a_fraction_and_reads_none(
        string workload, int clients, double tps, double floorMs, double? expected)
    {
        var fraction = ThroughputPoint.FractionOfFloor(workload, clients, tps, floorMs);

        Assert.Equal(expected, fraction is { } f ? Math.Round(f, 4) : null);
    }

    [Fact]
    public void Given_a_sysbench_result_When_made_a_point_Then_threads_rates_and_fraction_carry_over()
    {
        var result = SysbenchOutput.Parse(SysbenchFixtures.WriteOnly64ClientsWithIntervals);

        var point = ThroughputPoint.FromSysbench("derived", "oltp_write_only", "uniform", result, 157.5, flowControlSent: 3);

        Assert.Equal(64, point.Clients);
        Assert.Equal(380.12, point.Tps);
        Assert.Equal(176.73, point.P95Ms);
        Assert.Equal(167.91, point.AvgMs);
        Assert.Equal(19 / 20.3227, point.IgnoredErrorsPerSecond, 6);
        Assert.Equal(3, point.FlowControlSent);
        Assert.Equal(380.12 / (64 / 0.1575), point.FloorFraction!.Value, 9);
    }

    [Fact]
    public void Given_measurements_When_derived_figures_are_read_Then_they_divide_as_documented()
    {
        var probe = new CommitProbeResult("derived", "r1", 100, 160, 165, 170, 157.5, 150);
        var writers = new MultiWriterResult("derived", "hot", 4, 3, 50, 900, 100, 1);
        var traffic = new WanTrafficResult("x", "derived", 2, true, 1000, 700_000, 5000, 100, 60);

        Assert.Equal(160 / 157.5, probe.P50OverFloor);
        Assert.Equal(0.1, writers.ConflictRate);
        Assert.Equal(18, writers.CommitsPerSecond);
        Assert.Equal(700, traffic.BytesPerTransaction);
        Assert.Equal(694, traffic.NetBytesPerTransaction);
    }

    [Fact]
    public void Given_nothing_to_divide_by_When_derived_figures_are_read_Then_they_are_null_not_infinite()
    {
        Assert.Null(new CommitProbeResult("d", "r", 0, 0, 0, 0, 0, 0).P50OverFloor);
        Assert.Null(new MultiWriterResult("d", "hot", 1, 3, 0, 0, 0, 0).ConflictRate);
        Assert.Null(new MultiWriterResult("d", "hot", 1, 3, 0, 0, 0, 0).CommitsPerSecond);
        Assert.Null(new WanTrafficResult("x", "d", 1, false, 0, 10, 1, 0, 1).NetBytesPerTransaction);
    }

    [Fact]
    public void Given_a_report_When_serialised_Then_json_is_camel_case_with_computed_figures_and_round_trips()
    {
        var report = WanPerfSample.Report() with { Targets = WanPerfTargets.Evaluate(WanPerfSample.Report()) };

        var json = JsonSerializer.Serialize(report, WanPerfJsonContext.Default.WanPerfReport);
        var back = JsonSerializer.Deserialize(json, WanPerfJsonContext.Default.WanPerfReport);

        Assert.Contains("\"floorMs\": 157.5", json, StringComparison.Ordinal);
        Assert.Contains("\"p50OverFloor\": 1.014", json, StringComparison.Ordinal);
        Assert.Contains("\"netBytesPerTransaction\": 594", json, StringComparison.Ordinal);
        Assert.Contains("\"durabilityNote\": null", json, StringComparison.Ordinal);
        Assert.Contains("\n  \"generatedAt\": \"2025-03-14T09:26:53+00:00\"", json, StringComparison.Ordinal);
        Assert.NotNull(back);
        Assert.Equal(json, JsonSerializer.Serialize(back, WanPerfJsonContext.Default.WanPerfReport));
    }
}
