using System.Collections.Immutable;
using System.Globalization;

namespace Meridian.Core.Metrics;

/// <summary>
/// What the dashboard's charts take from one agent's /metrics scrape (docs/metrics.md): the counters it turns into
/// rates and the commit-probe histogram. A metric the agent did not serve is null (an older agent, or mariadbd not
/// answering), so a chart shows a gap rather than a zero.
/// </summary>
public sealed record NodeMetrics(
    string Node,
    string Region,
    DateTimeOffset ScrapedAt,
    bool Answering,
    double? LocalCommits,
    double? CertificationFailures,
    double? FlowControlPausedSeconds,
    double? ReplicatedBytes,
    double? ReceivedBytes,
    double? LastCommitted,
    double? SendQueue,
    double? ReceiveQueue,
    ImmutableArray<HistogramBucket> ProbeBuckets)
{
    public const string CommitProbeHistogram = "meridian_commit_probe_duration_seconds";

    /// <summary>Maps one scrape's samples; <paramref name="node"/> and <paramref name="region"/> name where it came from.</summary>
    public static NodeMetrics FromSamples(string node, string region, DateTimeOffset scrapedAt, IReadOnlyList<PrometheusSample> samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var byName = new Dictionary<string, double>(StringComparer.Ordinal);
        var buckets = ImmutableArray.CreateBuilder<HistogramBucket>();
        foreach (var sample in samples)
        {
            if (sample.Name == CommitProbeHistogram + "_bucket")
            {
                if (sample.Label("le") is { } le && TryParseBound(le, out var bound))
                {
                    buckets.Add(new HistogramBucket(bound, sample.Value));
                }
            }
            else
            {
                byName[sample.Name] = sample.Value;
            }
        }

        double? Value(string name) => byName.TryGetValue(name, out var value) ? value : null;
        return new NodeMetrics(
            node,
            region,
            scrapedAt,
            Value("meridian_mariadbd_answering") == 1,
            Value("meridian_wsrep_local_commits_total"),
            Value("meridian_wsrep_local_cert_failures_total"),
            Value("meridian_wsrep_flow_control_paused_seconds_total"),
            Value("meridian_wsrep_replicated_bytes_total"),
            Value("meridian_wsrep_received_bytes_total"),
            Value("meridian_wsrep_last_committed"),
            Value("meridian_wsrep_local_send_queue_length"),
            Value("meridian_wsrep_local_recv_queue_length"),
            [.. buckets.OrderBy(b => b.UpperBound)]);
    }

    /// <summary>A node whose agent could not be scraped: every value unknown.</summary>
    public static NodeMetrics Unreachable(string node, string region, DateTimeOffset scrapedAt) =>
        new(node, region, scrapedAt, false, null, null, null, null, null, null, null, null, []);

    private static bool TryParseBound(string text, out double bound)
    {
        if (text == "+Inf")
        {
            bound = double.PositiveInfinity;
            return true;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out bound);
    }
}
