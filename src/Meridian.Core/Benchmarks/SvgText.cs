using System.Globalization;

namespace Meridian.Core.Benchmarks;

/// <summary>Numbers, labels, axis ticks and escaping for the benchmarks' self-contained SVG charts. Pure.</summary>
internal static class SvgText
{
    /// <summary>A 1-2-5 step giving about five gridlines, and the axis top rounded up to it.</summary>
    public static (double Step, double Max) Ticks(double top)
    {
        if (!(top > 0) || !double.IsFinite(top))
        {
            return (0.2, 1);
        }

        var raw = top / 5;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var residual = raw / magnitude;
        var step = (residual <= 1 ? 1 : residual <= 2 ? 2 : residual <= 5 ? 5 : 10) * magnitude;
        return (step, Math.Ceiling((top / step) - 1e-9) * step);
    }

    /// <summary>A coordinate, to 0.01.</summary>
    public static string N(double value) => Math.Round(value, 2).ToString("0.##", CultureInfo.InvariantCulture);

    public static string Label(double value) => Math.Round(value, 3).ToString("0.###", CultureInfo.InvariantCulture);

    public static string Escape(string text) =>
        text.Replace("&", "&amp;", StringComparison.Ordinal)
            .Replace("<", "&lt;", StringComparison.Ordinal)
            .Replace(">", "&gt;", StringComparison.Ordinal)
            .Replace("\"", "&quot;", StringComparison.Ordinal)
            .Replace("'", "&apos;", StringComparison.Ordinal);
}
