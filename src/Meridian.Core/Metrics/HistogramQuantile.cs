namespace Meridian.Core.Metrics;

/// <summary>
/// A quantile from cumulative histogram buckets, the way PromQL's histogram_quantile() estimates it: find the bucket
/// the rank falls in and interpolate linearly inside it; a rank in the +Inf bucket answers the highest finite bound.
/// https://prometheus.io/docs/prometheus/latest/querying/functions/#histogram_quantile
/// </summary>
public static class HistogramQuantile
{
    /// <param name="quantile">0 to 1, e.g. 0.99.</param>
    /// <param name="buckets">Cumulative counts (over a window: the difference of two scrapes), any order.</param>
    /// <returns>Null when the buckets hold no observation.</returns>
    public static double? Estimate(double quantile, IEnumerable<HistogramBucket> buckets)
    {
        ArgumentNullException.ThrowIfNull(buckets);
        ArgumentOutOfRangeException.ThrowIfLessThan(quantile, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(quantile, 1);
        var sorted = buckets.OrderBy(b => b.UpperBound).ToList();
        if (sorted.Count == 0 || sorted[^1].CumulativeCount <= 0)
        {
            return null;
        }

        var rank = quantile * sorted[^1].CumulativeCount;
        var lowerBound = 0.0;
        var lowerCount = 0.0;
        foreach (var bucket in sorted)
        {
            if (bucket.CumulativeCount >= rank && bucket.CumulativeCount > lowerCount)
            {
                if (double.IsPositiveInfinity(bucket.UpperBound))
                {
                    return lowerBound;
                }

                return lowerBound + ((bucket.UpperBound - lowerBound) * (rank - lowerCount) / (bucket.CumulativeCount - lowerCount));
            }

            lowerBound = double.IsPositiveInfinity(bucket.UpperBound) ? lowerBound : bucket.UpperBound;
            lowerCount = bucket.CumulativeCount;
        }

        return lowerBound;
    }
}
