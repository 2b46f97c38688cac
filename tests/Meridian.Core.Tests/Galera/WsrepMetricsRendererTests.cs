using System.Text.RegularExpressions;
using Meridian.Core.Galera;

namespace Meridian.Core.Tests.Galera;

public sealed partial class WsrepMetricsRendererTests
{
    private const string Labels = "node=\"us-east-1-db1\",region=\"us-east-1\"";

    /// <summary>A synced node with every counter set to a distinct value.</summary>
    public static WsrepStatus Busy { get; } = new(
        "Synced", "Primary", 3, "u", 17, 1, 0.5, true, 2, 4,
        LocalSendQueue: 3, LocalRecvQueue: 4, LocalCertFailures: 5, LocalBfAborts: 6, LocalCommits: 7, ReplicatedBytes: 8000,
        ReceivedBytes: 9000, FlowControlPausedNs: 1_500_000_000, FlowControlSent: 10, FlowControlRecv: 11);

    public static CommitProbeReading Probe()
    {
        var histogram = new LatencyHistogram(CommitProbe.BucketBounds);
        histogram.Observe(0.125);
        histogram.Observe(0.25);
        histogram.Observe(6);
        return new CommitProbeReading(histogram.Snapshot(), Failures: 2);
    }

    public static TheoryData<string> ExpectedSamples => new()
    {
        "meridian_wsrep_cluster_size{L} 3",
        "meridian_wsrep_synced{L} 1",
        "meridian_wsrep_flow_control_paused_ratio{L} 0.5",
        "meridian_wsrep_local_send_queue_length{L} 3",
        "meridian_wsrep_local_recv_queue_length{L} 4",
        "meridian_wsrep_local_cert_failures_total{L} 5",
        "meridian_wsrep_local_bf_aborts_total{L} 6",
        "meridian_wsrep_local_commits_total{L} 7",
        "meridian_wsrep_replicated_bytes_total{L} 8000",
        "meridian_wsrep_received_bytes_total{L} 9000",
        "meridian_wsrep_flow_control_paused_seconds_total{L} 1.5",
        "meridian_wsrep_flow_control_sent_total{L} 10",
        "meridian_wsrep_flow_control_recv_total{L} 11",
        "meridian_commit_probe_duration_seconds_bucket{L,le=\"0.1\"} 0",
        "meridian_commit_probe_duration_seconds_bucket{L,le=\"0.125\"} 1",
        "meridian_commit_probe_duration_seconds_bucket{L,le=\"0.2\"} 1",
        "meridian_commit_probe_duration_seconds_bucket{L,le=\"0.25\"} 2",
        "meridian_commit_probe_duration_seconds_bucket{L,le=\"5\"} 2",
        "meridian_commit_probe_duration_seconds_bucket{L,le=\"+Inf\"} 3",
        "meridian_commit_probe_duration_seconds_sum{L} 6.375",
        "meridian_commit_probe_duration_seconds_count{L} 3",
        "meridian_commit_probe_failures_total{L} 2",
    };

    [Theory]
    [MemberData(nameof(ExpectedSamples))]
    public void Given_a_busy_synced_node_When_rendered_Then_the_sample_is_there(string sample)
    {
        var text = WsrepMetricsRenderer.Render("us-east-1-db1", "us-east-1", processAlive: true, Busy, Probe());

        Assert.Contains("\n" + sample.Replace("{L", "{" + Labels, StringComparison.Ordinal) + "\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Given_a_busy_synced_node_When_rendered_Then_every_family_has_help_type_and_labelled_samples()
    {
        var text = WsrepMetricsRenderer.Render("us-east-1-db1", "us-east-1", processAlive: true, Busy, Probe());

        Assert.EndsWith("\n", text, StringComparison.Ordinal);
        var families = TypeLine().Matches(text).Select(m => (Name: m.Groups["name"].Value, Type: m.Groups["type"].Value)).ToList();
        Assert.Equal(families.Count, families.Select(f => f.Name).Distinct().Count());
        Assert.Equal(families.Count, text.Split('\n').Count(l => l.StartsWith("# HELP ", StringComparison.Ordinal)));
        foreach (var (name, type) in families)
        {
            // https://prometheus.io/docs/practices/naming/: counters end in _total, and only counters do.
            Assert.Equal(type == "counter", name.EndsWith("_total", StringComparison.Ordinal));
            Assert.StartsWith("meridian_", name, StringComparison.Ordinal);
        }

        Assert.Contains(("meridian_commit_probe_duration_seconds", "histogram"), families);
        var samples = text.Split('\n').Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        Assert.All(samples, s => Assert.Contains("{" + Labels, s, StringComparison.Ordinal));

        // 19 buckets (18 bounds and +Inf), _sum and _count for the histogram; one sample for every other family.
        Assert.Equal(families.Count - 1 + 21, samples.Count);
        Assert.Equal(19, samples.Count(s => s.StartsWith("meridian_commit_probe_duration_seconds_bucket{", StringComparison.Ordinal)));
        Assert.DoesNotContain("meridian_wsrep_flow_control_paused{", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Given_no_answer_When_rendered_Then_only_process_gauges_and_the_probe_appear()
    {
        var text = WsrepMetricsRenderer.Render("n\"1", "r", processAlive: false, status: null, Probe());

        Assert.Contains("meridian_mariadbd_up{node=\"n\\\"1\",region=\"r\"} 0\n", text, StringComparison.Ordinal);
        Assert.Contains("meridian_commit_probe_failures_total{node=\"n\\\"1\",region=\"r\"} 2\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("wsrep", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Given_the_probe_off_When_rendered_Then_no_probe_metric_appears()
    {
        var text = WsrepMetricsRenderer.Render("n", "r", processAlive: true, Busy);

        Assert.DoesNotContain("commit_probe", text, StringComparison.Ordinal);
        Assert.Contains("meridian_wsrep_local_commits_total{node=\"n\",region=\"r\"} 7\n", text, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^# TYPE (?<name>\S+) (?<type>counter|gauge|histogram)$", RegexOptions.Multiline)]
    private static partial Regex TypeLine();
}
