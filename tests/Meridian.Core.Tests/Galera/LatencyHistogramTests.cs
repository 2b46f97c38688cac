using Meridian.Core.Galera;

namespace Meridian.Core.Tests.Galera;

public sealed class LatencyHistogramTests
{
    public static TheoryData<double[], long[], long> Observations => new()
    {
        // observations → cumulative counts for le 0.1, 0.2, 0.5; count (+Inf)
        { [], [0, 0, 0], 0 },
        { [0.05], [1, 1, 1], 1 },
        { [0.1], [1, 1, 1], 1 }, // le is "less than or equal"
        { [0.1000001], [0, 1, 1], 1 },
        { [0.15, 0.2, 0.3], [0, 2, 3], 3 },
        { [0.6, 7], [0, 0, 0], 2 },
        { [0, 0.5, 0.5], [1, 1, 3], 3 },
        { [-1, double.NaN, double.PositiveInfinity, 0.2], [0, 1, 1], 1 }, // not durations: ignored
    };

    [Theory]
    [MemberData(nameof(Observations))]
    public void Given_observations_When_snapshotted_Then_buckets_are_cumulative(double[] observed, long[] cumulative, long count)
    {
        var histogram = new LatencyHistogram([0.1, 0.2, 0.5]);
        foreach (var value in observed)
        {
            histogram.Observe(value);
        }

        var snapshot = histogram.Snapshot();
        Assert.Equal([0.1, 0.2, 0.5], snapshot.UpperBounds.AsEnumerable());
        Assert.Equal(cumulative, snapshot.CumulativeCounts.AsEnumerable());
        Assert.Equal(count, snapshot.Count);
        Assert.Equal(observed.Where(v => double.IsFinite(v) && v >= 0).Sum(), snapshot.Sum, 9);
    }

    [Theory]
    [InlineData(new[] { 0.2, 0.1 })]
    [InlineData(new[] { 0.1, 0.1 })]
    [InlineData(new[] { 0.1, double.PositiveInfinity })]
    public void Given_bad_bounds_When_created_Then_it_throws(double[] bounds)
    {
        Assert.Throws<ArgumentException>(() => new LatencyHistogram(bounds));
    }

    [Fact]
    public void Given_concurrent_observers_When_snapshotted_Then_nothing_is_lost()
    {
        var histogram = new LatencyHistogram(CommitProbe.BucketBounds);
        Parallel.For(0, 8, _ =>
        {
            for (var i = 0; i < 10_000; i++)
            {
                histogram.Observe(0.16);
            }
        });

        var snapshot = histogram.Snapshot();
        Assert.Equal(80_000, snapshot.Count);
        Assert.Equal(80_000, snapshot.CumulativeCounts[8]); // le=0.175
        Assert.Equal(0, snapshot.CumulativeCounts[7]); // le=0.15
    }
}
