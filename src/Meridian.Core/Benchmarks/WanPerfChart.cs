using System.Globalization;
using System.Text;

namespace Meridian.Core.Benchmarks;

/// <summary>
/// One self-contained SVG (no fonts, scripts or styles from outside) of throughput and p95 latency against clients: a row
/// per workload (uniform keys), throughput on the left, latency on the right, a line per configuration. Clients are
/// spaced by log2 because they quadruple (1, 4, 16, 64). Write panels show the safe-delivery bounds as dashed lines
/// (N / F on throughput, F on latency); read panels do not, since reads never wait for the WAN and the bound would only
/// squash their scale.
/// </summary>
public static class WanPerfChart
{
    /// <summary>Panels follow this order; other workloads come after, by name.</summary>
    internal static readonly IReadOnlyList<string> KnownWorkloads = ["oltp_insert", "oltp_write_only", "oltp_read_only"];

    private const double PanelWidth = 460;
    private const double PanelHeight = 290;
    private const double Left = 70;
    private const double Right = 20;
    private const double Top = 34;
    private const double Bottom = 46;
    private const double Header = 86;
    private const string FloorColour = "#888888";

    private static readonly string[] Palette = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf"];

    public static string RenderSvg(WanPerfReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var uniform = report.Throughput.IsDefaultOrEmpty ? [] : report.Throughput.Where(p => p.Distribution == "uniform" && p.Clients > 0).ToList();
        var workloads = OrderedWorkloads(uniform.Select(p => p.Workload));
        var configurations = WanPerfMarkdown.ConfigurationNames(report);
        IEnumerable<int> settingsClients = report.Settings.ClientCounts.IsDefaultOrEmpty ? [] : report.Settings.ClientCounts;
        var clients = settingsClients.Concat(uniform.Select(p => p.Clients)).Where(c => c > 0).Distinct().Order().ToList();

        var width = 2 * PanelWidth;
        var height = Header + (Math.Max(workloads.Count, 1) * PanelHeight);
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{N(width)}\" height=\"{N(height)}\" viewBox=\"0 0 {N(width)} {N(height)}\" font-family=\"sans-serif\" font-size=\"12\">\n");
        svg.Append(CultureInfo.InvariantCulture, $"<rect width=\"{N(width)}\" height=\"{N(height)}\" fill=\"#ffffff\"/>\n");
        var title = $"{report.Cluster}: throughput and p95 latency against clients (F = {BenchFormat.Ms(report.FloorMs)}, {report.GeneratedAt.UtcDateTime:yyyy-MM-dd})";
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{N(width / 2)}\" y=\"24\" text-anchor=\"middle\" font-size=\"16\" font-weight=\"bold\">{Escape(title)}</text>\n");
        Legend(svg, report, configurations);

        if (workloads.Count == 0 || clients.Count == 0)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{N(width / 2)}\" y=\"{N(Header + (PanelHeight / 2))}\" text-anchor=\"middle\" fill=\"{FloorColour}\">No throughput measured.</text>\n");
        }

        for (var row = 0; row < workloads.Count && clients.Count > 0; row++)
        {
            var points = uniform.Where(p => p.Workload == workloads[row]).ToList();
            var writes = workloads[row] != ThroughputPoint.ReadOnlyWorkload;
            Panel(svg, report, workloads[row], "tps", "throughput (tps)", 0, Header + (row * PanelHeight), clients, configurations, points, p => p.Tps, writes);
            Panel(svg, report, workloads[row], "p95", "p95 latency (ms)", PanelWidth, Header + (row * PanelHeight), clients, configurations, points, p => p.P95Ms, writes);
        }

        svg.Append("</svg>\n");
        return svg.ToString();
    }

    internal static List<string> OrderedWorkloads(IEnumerable<string> workloads) =>
        [.. workloads.Distinct().OrderBy(WorkloadRank).ThenBy(w => w, StringComparer.Ordinal)];

    internal static int WorkloadRank(string workload)
    {
        for (var i = 0; i < KnownWorkloads.Count; i++)
        {
            if (KnownWorkloads[i] == workload)
            {
                return i;
            }
        }

        return KnownWorkloads.Count;
    }

    private static void Legend(StringBuilder svg, WanPerfReport report, List<string> configurations)
    {
        var x = 20.0;
        var y = 52.0;
        void Entry(string label, Func<double, double, string> swatch)
        {
            var advance = 40 + (label.Length * 7.0);
            if (x + advance > 2 * PanelWidth)
            {
                x = 20;
                y += 18;
            }

            svg.Append(CultureInfo.InvariantCulture, $"<g class=\"legend-entry\">{swatch(x, y)}<text x=\"{N(x + 30)}\" y=\"{N(y + 4)}\">{Escape(label)}</text></g>\n");
            x += advance;
        }

        for (var i = 0; i < configurations.Count; i++)
        {
            var colour = Colour(i);
            var flagged = report.Configurations.IsDefaultOrEmpty ? null : report.Configurations.FirstOrDefault(c => c.Name == configurations[i])?.DurabilityNote;
            Entry(
                flagged is null ? configurations[i] : $"{configurations[i]} ⚠ {flagged}",
                (ex, ey) => $"<line x1=\"{N(ex)}\" y1=\"{N(ey)}\" x2=\"{N(ex + 24)}\" y2=\"{N(ey)}\" stroke=\"{colour}\" stroke-width=\"2\"/><circle cx=\"{N(ex + 12)}\" cy=\"{N(ey)}\" r=\"3.5\" fill=\"{colour}\"/>");
        }

        string Dashed(double ex, double ey) =>
            $"<line x1=\"{N(ex)}\" y1=\"{N(ey)}\" x2=\"{N(ex + 24)}\" y2=\"{N(ey)}\" stroke=\"{FloorColour}\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\"/>";
        Entry("N / F ceiling (writes)", Dashed);
        Entry("F floor (writes)", Dashed);
    }

    private static void Panel(
        StringBuilder svg,
        WanPerfReport report,
        string workload,
        string metric,
        string axisTitle,
        double originX,
        double originY,
        List<int> clients,
        List<string> configurations,
        List<ThroughputPoint> points,
        Func<ThroughputPoint, double> value,
        bool showBound)
    {
        var floorSeconds = report.FloorMs / 1000.0;
        var bounded = showBound && report.FloorMs > 0;
        var plotWidth = PanelWidth - Left - Right;
        var plotHeight = PanelHeight - Top - Bottom;
        var minLog = Math.Log2(clients[0]);
        var maxLog = Math.Log2(clients[^1]);
        double X(double n) => Left + (maxLog > minLog ? (Math.Log2(n) - minLog) / (maxLog - minLog) * plotWidth : plotWidth / 2);

        var top = points.Select(value).Where(double.IsFinite).DefaultIfEmpty(0).Max();
        if (bounded)
        {
            top = Math.Max(top, metric == "tps" ? clients[^1] / floorSeconds : report.FloorMs);
        }

        var (step, yMax) = Ticks(top * 1.05);
        double Y(double v) => Top + plotHeight - (Math.Clamp(v, 0, yMax) / yMax * plotHeight);

        svg.Append(CultureInfo.InvariantCulture, $"<g class=\"panel\" data-workload=\"{Escape(workload)}\" data-metric=\"{metric}\" transform=\"translate({N(originX)},{N(originY)})\">\n");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{N(PanelWidth / 2)}\" y=\"20\" text-anchor=\"middle\" font-size=\"14\" font-weight=\"bold\">{Escape($"{workload}: {axisTitle}")}</text>\n");
        SvgAxes.Gridlines(svg, Left, plotWidth, step, yMax, Y);
        foreach (var n in clients)
        {
            SvgAxes.XTick(svg, X(n), Top + plotHeight, n.ToString(CultureInfo.InvariantCulture));
        }

        SvgAxes.Frame(svg, Left, Top, plotWidth, plotHeight, "clients (log2 scale)", PanelHeight - 8, axisTitle, 16);

        if (bounded)
        {
            Bound(svg, metric, clients, floorSeconds, report.FloorMs, X, Y);
        }

        for (var i = 0; i < configurations.Count; i++)
        {
            var series = points.Where(p => p.Configuration == configurations[i] && double.IsFinite(value(p))).OrderBy(p => p.Clients).ToList();
            var colour = Colour(i);
            var coordinates = string.Join(" ", series.Select(p => $"{N(X(p.Clients))},{N(Y(value(p)))}"));
            svg.Append(CultureInfo.InvariantCulture, $"<polyline class=\"series\" data-configuration=\"{Escape(configurations[i])}\" points=\"{coordinates}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\"/>\n");
            foreach (var p in series)
            {
                svg.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{N(X(p.Clients))}\" cy=\"{N(Y(value(p)))}\" r=\"3.5\" fill=\"{colour}\"><title>{Escape($"{configurations[i]}, {p.Clients} clients: {Label(value(p))}")}</title></circle>\n");
            }
        }

        svg.Append("</g>\n");
    }

    /// <summary>
    /// Drawn through the measured client counts with straight segments, like the data lines: the exact N / F curve would
    /// bow below those chords on a log2 axis and make points under the ceiling look as if they crossed it.
    /// </summary>
    private static void Bound(StringBuilder svg, string metric, List<int> clients, double floorSeconds, double floorMs, Func<double, double> x, Func<double, double> y)
    {
        var path = new StringBuilder();
        foreach (var n in clients)
        {
            var v = metric == "tps" ? n / floorSeconds : floorMs;
            path.Append(path.Length == 0 ? "M" : " L").Append(N(x(n))).Append(',').Append(N(y(v)));
        }

        if (clients.Count == 1)
        {
            // One client count gives one point; a short tick keeps the bound visible.
            var v = metric == "tps" ? clients[0] / floorSeconds : floorMs;
            path.Append(" M").Append(N(x(clients[0]) - 20)).Append(',').Append(N(y(v))).Append(" L").Append(N(x(clients[0]) + 20)).Append(',').Append(N(y(v)));
        }

        var label = metric == "tps" ? "N / F" : "F";
        svg.Append(CultureInfo.InvariantCulture, $"<path class=\"bound\" d=\"{path}\" fill=\"none\" stroke=\"{FloorColour}\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\"><title>{label}</title></path>\n");
    }

    private static string Colour(int index) => Palette[index % Palette.Length];

    private static (double Step, double Max) Ticks(double top) => SvgText.Ticks(top);

    private static string N(double value) => SvgText.N(value);

    private static string Label(double value) => SvgText.Label(value);

    private static string Escape(string text) => SvgText.Escape(text);
}
