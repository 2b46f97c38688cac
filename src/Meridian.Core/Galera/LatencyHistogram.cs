using System.Collections.Immutable;

namespace Meridian.Core.Galera;

/// <summary>
/// A Prometheus histogram of durations in seconds (https://prometheus.io/docs/concepts/metric_types/#histogram): fixed
/// upper bounds, cumulative bucket counts, a sum and a count. Observed from the agent's probe loop and read by the
/// HTTP server's threads, hence the lock; a few hundred nanoseconds per observation, no allocation.
/// </summary>
public sealed class LatencyHistogram
{
    private readonly Lock _gate = new();
    private readonly double[] _bounds;
    private readonly long[] _counts;
    private double _sum;
    private long _count;

    /// <param name="upperBounds">Strictly increasing, finite; the +Inf bucket is implicit.</param>
    public LatencyHistogram(IEnumerable<double> upperBounds)
    {
        ArgumentNullException.ThrowIfNull(upperBounds);
        _bounds = [.. upperBounds];
        for (var i = 0; i < _bounds.Length; i++)
        {
            if (!double.IsFinite(_bounds[i]) || (i > 0 && _bounds[i] <= _bounds[i - 1]))
            {
                throw new ArgumentException("bucket bounds must be finite and strictly increasing", nameof(upperBounds));
            }
        }

        _counts = new long[_bounds.Length];
    }

    /// <summary>Adds one observation; a negative or non-finite value is ignored (a clock step, not a duration).</summary>
    public void Observe(double seconds)
    {
        if (!double.IsFinite(seconds) || seconds < 0)
        {
            return;
        }

        lock (_gate)
        {
            // Prometheus buckets are "less than or equal": le="0.005" counts 0.005 itself.
            var index = Array.BinarySearch(_bounds, seconds);
            for (var i = index >= 0 ? index : ~index; i < _counts.Length; i++)
            {
                _counts[i]++;
            }

            _sum += seconds;
            _count++;
        }
    }

    public HistogramSnapshot Snapshot()
    {
        lock (_gate)
        {
            return new HistogramSnapshot([.. _bounds], [.. _counts], _sum, _count);
        }
    }
}

/// <summary>
/// One consistent reading of a <see cref="LatencyHistogram"/>: <see cref="CumulativeCounts"/>[i] observations were at
/// most <see cref="UpperBounds"/>[i]; <see cref="Count"/> is the +Inf bucket.
/// </summary>
public sealed record HistogramSnapshot(ImmutableArray<double> UpperBounds, ImmutableArray<long> CumulativeCounts, double Sum, long Count);
