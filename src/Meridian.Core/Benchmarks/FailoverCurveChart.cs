using System.Globalization;
using System.Text;

namespace Meridian.Core.Benchmarks;

/// <summary>
/// One self-contained SVG of the suspect-timeout sweep: failover time against evs.suspect_timeout (measured, and the
/// estimate <c>FailoverEstimate</c> gives), the 3 s target, the derived setting, and under each point the false
/// evictions its loaded run logged (the trade-off: a shorter timeout fails over sooner until jitter and loss start to
/// evict live nodes). Pure.
/// </summary>
public static class FailoverCurveChart
{
    private const double Width = 720;
    private const double Height = 430;
    private const double Left = 70;
    private const double Right = 30;
    private const double Top = 70;
    private const double Bottom = 100;
    private const string Measured = "#1f77b4";
    private const string Grey = "#888888";
    private const string Red = "#d62728";
    private const string Green = "#2ca02c";

    /// <param name="title">What was swept: cluster, jitter, loss, load.</param>
    /// <param name="targetSeconds">The failover target, drawn dashed.</param>
    /// <param name="derivedSuspectSeconds">The derived evs.suspect_timeout, marked on the axis.</param>
    public static string RenderSvg(string title, IReadOnlyList<FailoverCurvePoint> points, double targetSeconds, double derivedSuspectSeconds)
    {
        ArgumentNullException.ThrowIfNull(title);
        ArgumentNullException.ThrowIfNull(points);
        var sorted = points.OrderBy(p => p.SuspectSeconds).ToList();
        var plotWidth = Width - Left - Right;
        var plotHeight = Height - Top - Bottom;
        var (xStep, xMax) = SvgText.Ticks(Math.Max(sorted.Select(p => p.SuspectSeconds).DefaultIfEmpty(1).Max(), derivedSuspectSeconds) * 1.05);
        var yTop = sorted.SelectMany(p => new[] { p.ExpectedFailoverSeconds, p.FailoverSeconds ?? 0 }).Append(targetSeconds).Max() * 1.1;
        var (yStep, yMax) = SvgText.Ticks(yTop);
        double X(double s) => Left + (Math.Clamp(s, 0, xMax) / xMax * plotWidth);
        double Y(double s) => Top + plotHeight - (Math.Clamp(s, 0, yMax) / yMax * plotHeight);
        string N(double v) => SvgText.N(v);

        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{N(Width)}\" height=\"{N(Height)}\" viewBox=\"0 0 {N(Width)} {N(Height)}\" font-family=\"sans-serif\" font-size=\"12\">\n");
        svg.Append(CultureInfo.InvariantCulture, $"<rect width=\"{N(Width)}\" height=\"{N(Height)}\" fill=\"#ffffff\"/>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{N(Width / 2)}\" y=\"22\" text-anchor=\"middle\" font-size=\"15\" font-weight=\"bold\">{SvgText.Escape(title)}</text>\n");
        Legend(svg);

        SvgAxes.Gridlines(svg, Left, plotWidth, yStep, yMax, Y);
        for (var tick = 0.0; tick <= xMax + (xStep / 2); tick += xStep)
        {
            SvgAxes.XTick(svg, X(tick), Top + plotHeight, SvgText.Label(tick));
        }

        SvgAxes.Frame(svg, Left, Top, plotWidth, plotHeight, "evs.suspect_timeout (s)", Top + plotHeight + 36, "seconds until survivors accept writes", 18);

        svg.Append(CultureInfo.InvariantCulture, $"<line class=\"target\" x1=\"{N(Left)}\" y1=\"{N(Y(targetSeconds))}\" x2=\"{N(Left + plotWidth)}\" y2=\"{N(Y(targetSeconds))}\" stroke=\"{Red}\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\"><title>target {SvgText.Label(targetSeconds)} s</title></line>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<line class=\"derived\" x1=\"{N(X(derivedSuspectSeconds))}\" y1=\"{N(Top)}\" x2=\"{N(X(derivedSuspectSeconds))}\" y2=\"{N(Top + plotHeight)}\" stroke=\"{Grey}\" stroke-dasharray=\"2 3\"/>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{N(X(derivedSuspectSeconds) + 4)}\" y=\"{N(Top + 12)}\" fill=\"{Grey}\">derived {SvgText.Label(derivedSuspectSeconds)} s</text>\n");

        var expected = string.Join(" ", sorted.Select(p => $"{N(X(p.SuspectSeconds))},{N(Y(p.ExpectedFailoverSeconds))}"));
        svg.Append(CultureInfo.InvariantCulture, $"<polyline class=\"expected\" points=\"{expected}\" fill=\"none\" stroke=\"{Grey}\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\"/>\n");
        var measured = sorted.Where(p => p.FailoverSeconds is not null).ToList();
        svg.Append(CultureInfo.InvariantCulture, $"<polyline class=\"measured\" points=\"{string.Join(" ", measured.Select(p => $"{N(X(p.SuspectSeconds))},{N(Y(p.FailoverSeconds!.Value))}"))}\" fill=\"none\" stroke=\"{Measured}\" stroke-width=\"2\"/>\n");
        foreach (var p in measured)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{N(X(p.SuspectSeconds))}\" cy=\"{N(Y(p.FailoverSeconds!.Value))}\" r=\"4\" fill=\"{Measured}\"><title>suspect {SvgText.Label(p.SuspectSeconds)} s: failover {SvgText.Label(p.FailoverSeconds.Value)} s (expected {SvgText.Label(p.ExpectedFailoverSeconds)} s)</title></circle>\n");
        }

        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"8\" y=\"{N(Top + plotHeight + 56)}\">false evictions (view changes and evictions) during each point's loaded run:</text>\n");
        foreach (var p in sorted)
        {
            var colour = p.FalseEvictions == 0 ? Green : Red;
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"false-evictions\" x=\"{N(X(p.SuspectSeconds))}\" y=\"{N(Top + plotHeight + 76)}\" text-anchor=\"middle\" font-weight=\"bold\" fill=\"{colour}\">{p.FalseEvictions}<title>{p.Suspicions} suspicions</title></text>\n");
        }

        svg.Append("</svg>\n");
        return svg.ToString();
    }

    private static void Legend(StringBuilder svg)
    {
        (string Label, string Swatch)[] entries =
        [
            ("measured failover", $"<line x1=\"0\" y1=\"0\" x2=\"24\" y2=\"0\" stroke=\"{Measured}\" stroke-width=\"2\"/><circle cx=\"12\" cy=\"0\" r=\"4\" fill=\"{Measured}\"/>"),
            ("estimate", $"<line x1=\"0\" y1=\"0\" x2=\"24\" y2=\"0\" stroke=\"{Grey}\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\"/>"),
            ("target", $"<line x1=\"0\" y1=\"0\" x2=\"24\" y2=\"0\" stroke=\"{Red}\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\"/>"),
        ];
        var x = Left;
        foreach (var (label, swatch) in entries)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<g class=\"legend-entry\" transform=\"translate({SvgText.N(x)},46)\">{swatch}<text x=\"30\" y=\"4\">{SvgText.Escape(label)}</text></g>\n");
            x += 40 + (label.Length * 7.0);
        }
    }
}
