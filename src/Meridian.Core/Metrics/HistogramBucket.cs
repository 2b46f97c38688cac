namespace Meridian.Core.Metrics;

/// <summary>One cumulative bucket of a Prometheus histogram: how many observations were ≤ <see cref="UpperBound"/>.</summary>
public sealed record HistogramBucket(double UpperBound, double CumulativeCount);
