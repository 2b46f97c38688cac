namespace Meridian.Core.Benchmarks;

/// <summary>The emulated round-trip time between two regions of the lab.</summary>
public sealed record RttPair(string A, string B, double Ms);
