using System.Text.RegularExpressions;
using Meridian.Core.Galera;
using Meridian.Core.Tests.Galera;
using Meridian.Core.Tests.Spec;

namespace Meridian.Core.Tests.Docs;

/// <summary>docs/metrics.md is the dashboard's contract: its table lists exactly the metric families GET /metrics emits.</summary>
public sealed partial class MetricsDocTests
{
    private static readonly string Doc = File.ReadAllText(Path.Combine(SpecTestHelpers.RepositoryRoot(), "docs", "metrics.md"));

    [Fact]
    public void Given_the_renderer_with_everything_on_When_compared_Then_docs_metrics_md_lists_exactly_its_metrics_and_types()
    {
        var text = WsrepMetricsRenderer.Render("n", "r", processAlive: true, WsrepMetricsRendererTests.Busy, WsrepMetricsRendererTests.Probe());
        var emitted = TypeLine().Matches(text).Select(m => (m.Groups["name"].Value, m.Groups["type"].Value)).Order().ToList();
        var documented = TableRow().Matches(Doc).Select(m => (m.Groups["name"].Value, m.Groups["type"].Value)).Order().ToList();

        Assert.Equal(23, emitted.Count);
        Assert.Equal(emitted, documented);
    }

    [Fact]
    public void Given_the_doc_When_read_Then_it_names_the_endpoint_and_every_bucket_bound()
    {
        Assert.Contains("GET /metrics", Doc, StringComparison.Ordinal);
        Assert.Contains(":9200/metrics", Doc, StringComparison.Ordinal);
        var bounds = string.Join(", ", CommitProbe.BucketBounds.Select(b => b.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Contains(bounds + ", +Inf", Doc, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^# TYPE (?<name>\S+) (?<type>\S+)$", RegexOptions.Multiline)]
    private static partial Regex TypeLine();

    [GeneratedRegex(@"^\| `(?<name>meridian_[a-z_]+)` \| (?<type>counter|gauge|histogram) \|", RegexOptions.Multiline)]
    private static partial Regex TableRow();
}
