namespace Meridian.Core.Benchmarks;

/// <summary>Order statistics of one series of latencies, nearest-rank percentiles.</summary>
public sealed record LatencySummary(int Count, double MinMs, double P50Ms, double P95Ms, double P99Ms, double MaxMs, double MeanMs)
{
    public static LatencySummary Of(IReadOnlyCollection<TimeSpan> samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        if (samples.Count == 0)
        {
            throw new ArgumentException("no samples", nameof(samples));
        }

        var sorted = samples.Select(s => s.TotalMilliseconds).Order().ToArray();
        double Percentile(double p) => sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
        return new LatencySummary(sorted.Length, sorted[0], Percentile(50), Percentile(95), Percentile(99), sorted[^1], sorted.Average());
    }
}
