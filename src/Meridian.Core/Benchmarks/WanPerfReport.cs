using System.Collections.Immutable;

namespace Meridian.Core.Benchmarks;

/// <summary>
/// Everything one WAN benchmark measured. Every latency and throughput is judged against the commit floor F
/// (see <see cref="Decisions.CommitLatencyFloor"/>): single-client latency cannot go below F, N clients cannot exceed N / F.
/// </summary>
/// <param name="SpecSource">Where the cluster spec came from (a file path or "built-in default").</param>
/// <param name="WriterMaxRttMs">The largest RTT from <paramref name="WriterRegion"/>: a commit durable in every region cannot be faster.</param>
/// <param name="Targets">Usually <see cref="WanPerfTargets.Evaluate"/> of this report; empty until evaluated.</param>
public sealed record WanPerfReport(
    DateTimeOffset GeneratedAt,
    string SpecSource,
    string Cluster,
    ImmutableArray<string> Regions,
    ImmutableArray<RttPair> Rtts,
    double FloorMs,
    string WriterRegion,
    double WriterMaxRttMs,
    BenchSettings Settings,
    ImmutableArray<BenchConfiguration> Configurations,
    ImmutableArray<CommitProbeResult> CommitProbes,
    ImmutableArray<ThroughputPoint> Throughput,
    ImmutableArray<MultiWriterResult> MultiWriter,
    ImmutableArray<WanTrafficResult> WanTraffic,
    ImmutableArray<TargetCheck> Targets);
