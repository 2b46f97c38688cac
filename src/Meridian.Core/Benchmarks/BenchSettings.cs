using System.Collections.Immutable;

namespace Meridian.Core.Benchmarks;

/// <summary>How long and how wide every run was, and the machine it ran on (the lab's CPU can cap throughput, not the WAN).</summary>
public sealed record BenchSettings(int DurationSeconds, ImmutableArray<int> ClientCounts, int MachineCores);
