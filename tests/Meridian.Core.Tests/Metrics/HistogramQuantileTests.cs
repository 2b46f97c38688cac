using Meridian.Core.Metrics;

namespace Meridian.Core.Tests.Metrics;

public sealed class HistogramQuantileTests
{
    private static HistogramBucket[] Buckets(params (double Le, double Count)[] buckets) => [.. buckets.Select(b => new HistogramBucket(b.Le, b.Count))];

    public static TheoryData<string, double, HistogramBucket[], double?> Cases() => new()
    {
        { "empty", 0.5, [], null },
        { "no observation", 0.5, Buckets((0.1, 0), (double.PositiveInfinity, 0)), null },
        // 10 observations in (0.1, 0.2]: the median interpolates to the middle of that bucket.
        { "middle of a bucket", 0.5, Buckets((0.1, 0), (0.2, 10), (double.PositiveInfinity, 10)), 0.15 },
        { "first bucket from zero", 0.5, Buckets((0.1, 4), (double.PositiveInfinity, 4)), 0.05 },
        // p99 of 100 with one slow outlier above the last finite bound: the highest finite bound.
        { "rank in +Inf", 0.995, Buckets((0.1, 99), (0.2, 99), (double.PositiveInfinity, 100)), 0.2 },
        { "p99 of a spread", 0.99, Buckets((0.05, 50), (0.1, 90), (0.2, 100), (double.PositiveInfinity, 100)), 0.19 },
        { "unsorted input", 0.5, Buckets((double.PositiveInfinity, 10), (0.2, 10), (0.1, 0)), 0.15 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Quantiles_interpolate_like_promql(string name, double quantile, HistogramBucket[] buckets, double? expected)
    {
        var estimate = HistogramQuantile.Estimate(quantile, buckets);

        Assert.True(expected is null ? estimate is null : estimate is { } e && Math.Abs(e - expected.Value) < 1e-9, $"{name}: got {estimate}");
    }
}
