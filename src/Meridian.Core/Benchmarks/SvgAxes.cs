using System.Globalization;
using System.Text;

namespace Meridian.Core.Benchmarks;

/// <summary>The plot frame the benchmarks' SVG charts share: gridlines, ticks, axis lines and axis titles. Pure.</summary>
internal static class SvgAxes
{
    /// <summary>A horizontal gridline with its label at every step from 0 to <paramref name="max"/>.</summary>
    public static void Gridlines(StringBuilder svg, double left, double plotWidth, double step, double max, Func<double, double> y)
    {
        for (var tick = 0.0; tick <= max + (step / 2); tick += step)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{SvgText.N(left)}\" y1=\"{SvgText.N(y(tick))}\" x2=\"{SvgText.N(left + plotWidth)}\" y2=\"{SvgText.N(y(tick))}\" stroke=\"#e6e6e6\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{SvgText.N(left - 6)}\" y=\"{SvgText.N(y(tick) + 4)}\" text-anchor=\"end\">{SvgText.Label(tick)}</text>\n");
        }
    }

    /// <summary>A tick below the x axis at <paramref name="x"/>, labelled.</summary>
    public static void XTick(StringBuilder svg, double x, double axisY, string label)
    {
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{SvgText.N(x)}\" y1=\"{SvgText.N(axisY)}\" x2=\"{SvgText.N(x)}\" y2=\"{SvgText.N(axisY + 5)}\" stroke=\"#000000\"/>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{SvgText.N(x)}\" y=\"{SvgText.N(axisY + 18)}\" text-anchor=\"middle\">{label}</text>\n");
    }

    /// <summary>The y and x axis lines, and both axis titles (the y title turned, <paramref name="yTitleX"/> from the left).</summary>
    public static void Frame(StringBuilder svg, double left, double top, double plotWidth, double plotHeight, string xTitle, double xTitleY, string yTitle, double yTitleX)
    {
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{SvgText.N(left)}\" y1=\"{SvgText.N(top)}\" x2=\"{SvgText.N(left)}\" y2=\"{SvgText.N(top + plotHeight)}\" stroke=\"#000000\"/>");
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{SvgText.N(left)}\" y1=\"{SvgText.N(top + plotHeight)}\" x2=\"{SvgText.N(left + plotWidth)}\" y2=\"{SvgText.N(top + plotHeight)}\" stroke=\"#000000\"/>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{SvgText.N(left + (plotWidth / 2))}\" y=\"{SvgText.N(xTitleY)}\" text-anchor=\"middle\">{SvgText.Escape(xTitle)}</text>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<text transform=\"translate({SvgText.N(yTitleX)},{SvgText.N(top + (plotHeight / 2))}) rotate(-90)\" text-anchor=\"middle\">{SvgText.Escape(yTitle)}</text>\n");
    }
}
