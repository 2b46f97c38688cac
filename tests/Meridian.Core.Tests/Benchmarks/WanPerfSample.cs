using Meridian.Core.Benchmarks;

namespace Meridian.Core.Tests.Benchmarks;

/// <summary>A report of the default 65/150/100 ms lab (F = 157.5 ms) in which every target is met.</summary>
internal static class WanPerfSample
{
    public const double Floor = 157.5;

    public static readonly string[] Regions = ["us-east-1", "us-west-2", "ap-northeast-1"];

    public static WanPerfReport Report()
    {
        List<ThroughputPoint> throughput = [];
        foreach (var workload in new[] { "oltp_insert", "oltp_write_only", "oltp_read_only" })
        {
            foreach (var clients in new[] { 1, 4, 16, 64 })
            {
                var ceiling = clients / (Floor / 1000);
                var reads = workload == ThroughputPoint.ReadOnlyWorkload;
                throughput.Add(Point("derived", workload, "uniform", clients, reads ? 900 * clients : 0.95 * ceiling, Floor * 1.05));
                throughput.Add(Point("defaults", workload, "uniform", clients, reads ? 880 * clients : 0.94 * ceiling, Floor * 1.08));
                throughput.Add(Point("tutorial", workload, "uniform", clients, reads ? 910 * clients : 0.97 * ceiling, Floor * 1.02));
            }
        }

        throughput.Add(Point("derived", "oltp_write_only", "special", 64, 300, 400) with { IgnoredErrorsPerSecond = 2.5, FlowControlSent = 12 });

        return new WanPerfReport(
            new DateTimeOffset(2025, 3, 14, 9, 26, 53, TimeSpan.Zero),
            "examples/three-regions.yaml",
            "meridian",
            [.. Regions],
            [new RttPair("us-east-1", "us-west-2", 65), new RttPair("us-east-1", "ap-northeast-1", 150), new RttPair("us-west-2", "ap-northeast-1", 100)],
            Floor,
            "us-east-1",
            150,
            new BenchSettings(60, [1, 4, 16, 64], 8),
            [
                new BenchConfiguration("derived", "Meridian's WAN-tuned settings", null),
                new BenchConfiguration("defaults", "Galera defaults", null),
                new BenchConfiguration("tutorial", "old tutorial my.cnf, no TLS, no segments", "flush_log_at_trx_commit=0: acknowledged commits lost on crash"),
            ],
            [.. Regions.Select(r => new CommitProbeResult("derived", r, 200, Floor * 1.014, Floor * 1.03, Floor * 1.09, Floor, 150))],
            [.. throughput],
            [
                new MultiWriterResult("derived", "hot", 4, 3, 60, 9000, 1000, 2),
                new MultiWriterResult("derived", "disjoint", 4, 3, 60, 10000, 0, 0),
            ],
            [
                new WanTrafficResult("2 per region, segments", "derived", 2, true, 10_000, 6_000_000, 40_000, 1000, 60),
                new WanTrafficResult("2 per region, no segments", "derived", 2, false, 10_000, 11_000_000, 70_000, 1000, 60),
            ],
            []);
    }

    private static ThroughputPoint Point(string configuration, string workload, string distribution, int clients, double tps, double p95) =>
        new(configuration, workload, distribution, clients, tps, p95, p95 * 0.95, 0, null, ThroughputPoint.FractionOfFloor(workload, clients, tps, Floor));
}
