using Meridian.Core.Metrics;

namespace Meridian.Core.Tests.Metrics;

public sealed class PrometheusTextParserTests
{
    public static TheoryData<string, string, string, double> Lines() => new()
    {
        { "plain", "up 1", "up", 1 },
        { "labels", "meridian_wsrep_synced{node=\"a-db1\",region=\"a\"} 1", "meridian_wsrep_synced", 1 },
        { "timestamp ignored", "x_total{a=\"b\"} 12.5 1700000000000", "x_total", 12.5 },
        { "exponent", "x 1.5e-3", "x", 0.0015 },
        { "+Inf", "x_bucket{le=\"+Inf\"} +Inf", "x_bucket", double.PositiveInfinity },
        { "spaces after comma", "x{a=\"1\", b=\"2\",} 3", "x", 3 },
    };

    [Theory]
    [MemberData(nameof(Lines))]
    public void A_sample_line_parses(string name, string line, string metric, double value)
    {
        var sample = Assert.Single(PrometheusTextParser.Parse(line));

        Assert.True(sample.Name == metric && sample.Value.Equals(value), $"{name}: got {sample.Name} {sample.Value}");
    }

    [Fact]
    public void Label_values_are_unescaped()
    {
        var sample = Assert.Single(PrometheusTextParser.Parse("x{a=\"q\\\"uote\",b=\"back\\\\slash\",c=\"new\\nline\"} 1"));

        Assert.Equal(("q\"uote", "back\\slash", "new\nline"), (sample.Label("a"), sample.Label("b"), sample.Label("c")));
    }

    [Theory]
    [InlineData("# HELP x something")]
    [InlineData("# TYPE x counter")]
    [InlineData("")]
    [InlineData("x{a=\"unterminated} 1")]
    [InlineData("x not-a-number")]
    [InlineData("{a=\"b\"} 1")]
    public void Comments_blank_and_broken_lines_are_skipped(string line)
    {
        Assert.Empty(PrometheusTextParser.Parse(line + "\n"));
    }

    [Fact]
    public void A_broken_line_does_not_hide_the_others()
    {
        var samples = PrometheusTextParser.Parse("a 1\r\nb{x=\"\n c 3\n");

        Assert.Equal(["a", "c"], samples.Select(s => s.Name));
    }
}
