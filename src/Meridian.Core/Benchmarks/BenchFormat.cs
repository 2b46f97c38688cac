using System.Globalization;

namespace Meridian.Core.Benchmarks;

/// <summary>Number formatting shared by the benchmark's renderers: invariant culture, so reports read the same on every host.</summary>
internal static class BenchFormat
{
    public static string Number(double value, int decimals) => value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    public static string Ms(double value) => Number(value, 1) + " ms";

    public static string Ratio(double? value) => value is { } v ? Number(v, 3) : "—";

    public static string Percent(double? value) => value is { } v ? Number(v * 100, 1) + " %" : "—";

    public static string Integer(long value) => value.ToString(CultureInfo.InvariantCulture);
}
