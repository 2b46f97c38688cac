using System.Xml.Linq;
using Meridian.Core.Benchmarks;

namespace Meridian.Core.Tests.Benchmarks;

public sealed class WanPerfChartTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    private static List<XElement> Panels(XDocument document) => [.. document.Descendants(Svg + "g").Where(g => (string?)g.Attribute("class") == "panel")];

    private static List<XElement> Series(XElement panel) => [.. panel.Elements(Svg + "polyline").Where(p => (string?)p.Attribute("class") == "series")];

    [Fact]
    public void Given_the_sample_When_drawn_Then_each_workload_has_a_throughput_and_a_latency_panel_with_a_line_per_configuration()
    {
        var document = XDocument.Parse(WanPerfChart.RenderSvg(WanPerfSample.Report()));

        Assert.Equal("svg", document.Root!.Name.LocalName);
        var panels = Panels(document);
        Assert.Equal(
            ["oltp_insert/tps", "oltp_insert/p95", "oltp_write_only/tps", "oltp_write_only/p95", "oltp_read_only/tps", "oltp_read_only/p95"],
            panels.Select(p => $"{p.Attribute("data-workload")!.Value}/{p.Attribute("data-metric")!.Value}"));
        Assert.All(panels, p =>
        {
            Assert.Equal(["derived", "defaults", "tutorial"], Series(p).Select(s => s.Attribute("data-configuration")!.Value));
            Assert.All(Series(p), s => Assert.Equal(4, s.Attribute("points")!.Value.Split(' ').Length));
        });
    }

    [Fact]
    public void Given_write_and_read_panels_When_drawn_Then_only_write_panels_carry_the_dashed_floor()
    {
        var panels = Panels(XDocument.Parse(WanPerfChart.RenderSvg(WanPerfSample.Report())));

        Assert.All(panels, p =>
        {
            var bounds = p.Elements(Svg + "path").Where(e => (string?)e.Attribute("class") == "bound").ToList();
            var reads = p.Attribute("data-workload")!.Value == "oltp_read_only";
            Assert.Equal(reads ? 0 : 1, bounds.Count);
            Assert.All(bounds, b => Assert.NotNull(b.Attribute("stroke-dasharray")));
        });
    }

    [Fact]
    public void Given_a_missing_point_When_drawn_Then_that_line_skips_it()
    {
        var sample = WanPerfSample.Report();
        var report = sample with { Throughput = [.. sample.Throughput.Where(p => !(p.Configuration == "defaults" && p.Workload == "oltp_insert" && p.Clients == 16))] };

        var panel = Panels(XDocument.Parse(WanPerfChart.RenderSvg(report)))[0];

        var defaults = Series(panel).Single(s => s.Attribute("data-configuration")!.Value == "defaults");
        Assert.Equal(3, defaults.Attribute("points")!.Value.Split(' ').Length);
    }

    [Fact]
    public void Given_no_throughput_When_drawn_Then_the_svg_is_still_well_formed_and_says_so()
    {
        var sample = WanPerfSample.Report();
        var svg = WanPerfChart.RenderSvg(sample with { Throughput = [], Settings = new BenchSettings(10, [], 1), FloorMs = 0 });

        var document = XDocument.Parse(svg);

        Assert.Empty(Panels(document));
        Assert.Contains("No throughput measured.", svg, StringComparison.Ordinal);
    }

    [Fact]
    public void Given_one_client_count_and_markup_in_names_When_drawn_Then_text_is_escaped_and_numbers_are_invariant()
    {
        var point = new ThroughputPoint("a<b>&\"c\"", "oltp_insert", "uniform", 1, 6.25, 160.5, 158, 0, null, 0.98);
        var sample = WanPerfSample.Report();
        var report = sample with { Cluster = "x & y", Configurations = [], CommitProbes = [], Throughput = [point], Settings = new BenchSettings(10, [1], 1) };

        var svg = WanPerfChart.RenderSvg(report);
        var document = XDocument.Parse(svg);

        var series = Series(Panels(document)[0]).Single();
        Assert.Equal("a<b>&\"c\"", series.Attribute("data-configuration")!.Value);
        Assert.Matches(@"^\d+(\.\d+)?,\d+(\.\d+)?$", series.Attribute("points")!.Value);
        Assert.Contains("x &amp; y", svg, StringComparison.Ordinal);
    }
}
