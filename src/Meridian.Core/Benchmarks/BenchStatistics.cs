namespace Meridian.Core.Benchmarks;

/// <summary>Order statistics the benchmarks report. Pure.</summary>
public static class BenchStatistics
{
    /// <summary>The median (the mean of the middle two for an even count), or null for no values.</summary>
    public static double? Median(IReadOnlyCollection<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            return null;
        }

        var sorted = values.Order().ToArray();
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
