namespace Meridian.Core.Benchmarks;

/// <summary>One set of server settings the benchmark compares, e.g. "derived", "defaults", "tutorial".</summary>
/// <param name="DurabilityNote">
/// Null when an acknowledged commit survives a crash; otherwise what is lost, e.g.
/// "flush_log_at_trx_commit=0: acknowledged commits lost on crash". Reports print it beside the configuration's speed so
/// a fast number never appears without its price.
/// </param>
/// <param name="SettleSeconds">
/// How long after `up` the first region's commits took to come down to the floor before measuring began (null when
/// not measured). A freshly formed cluster sometimes commits at 2 × F for its first seconds; see docs/performance.md.
/// </param>
public sealed record BenchConfiguration(string Name, string Description, string? DurabilityNote, double? SettleSeconds = null);
