using System.Xml.Linq;
using Meridian.Core.Benchmarks;

namespace Meridian.Core.Tests.Benchmarks;

public sealed class FailoverCurveChartTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    [Fact]
    public void Given_a_sweep_When_drawn_Then_the_svg_has_a_measured_point_per_timed_failover_and_a_false_eviction_count_per_point()
    {
        FailoverCurvePoint[] points =
        [
            new(5, 6.1, 5.9, 0, 0),
            new(0.5, 0.9, null, 7, 40),
            new(1.9, 2.76, 2.1, 0, 3),
        ];

        var document = XDocument.Parse(FailoverCurveChart.RenderSvg("demo: failover <sweep>", points, 3, 1.9));

        var circles = document.Descendants(Svg + "circle").Where(c => c.Parent?.Name == Svg + "svg").ToList();
        Assert.Equal(2, circles.Count);
        var counts = document.Descendants(Svg + "text").Where(t => (string?)t.Attribute("class") == "false-evictions").ToList();
        Assert.Equal(["7", "0", "0"], counts.Select(t => t.Nodes().OfType<XText>().Single().Value));
        Assert.Equal("#d62728", (string?)counts[0].Attribute("fill"));
        Assert.Equal("#2ca02c", (string?)counts[1].Attribute("fill"));
        Assert.Contains(document.Descendants(Svg + "text"), t => t.Value == "demo: failover <sweep>");
        Assert.Single(document.Descendants(Svg + "line"), l => (string?)l.Attribute("class") == "target");
        var measured = document.Descendants(Svg + "polyline").Single(p => (string?)p.Attribute("class") == "measured");
        Assert.Equal(2, measured.Attribute("points")!.Value.Split(' ').Length);
    }

    [Fact]
    public void Given_no_points_When_drawn_Then_the_svg_is_still_well_formed()
    {
        var document = XDocument.Parse(FailoverCurveChart.RenderSvg("empty", [], 3, 1.9));

        Assert.DoesNotContain(document.Descendants(Svg + "circle"), c => c.Parent?.Name == Svg + "svg");
        Assert.DoesNotContain(document.Descendants(Svg + "text"), t => (string?)t.Attribute("class") == "false-evictions");
    }
}
