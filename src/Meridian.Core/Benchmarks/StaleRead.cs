namespace Meridian.Core.Benchmarks;

/// <summary>A read served by a node that was not Synced in a Primary component: when (seconds from the start), where, and its state.</summary>
public sealed record StaleRead(double AtSeconds, string Region, string Node, string State, string ClusterStatus);
