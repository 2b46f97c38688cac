using System.Collections.Immutable;

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
    /// <summary>Maps one scrape's samples; <paramref name="node"/> and <paramref name="region"/> name where it came from.</summary>
    public static NodeMetrics FromSamples(string node, string region, DateTimeOffset scrapedAt, IReadOnlyList<PrometheusSample> samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var byName = new Dictionary<string, double>(StringComparer.Ordinal);
        var buckets = ImmutableArray.CreateBuilder<HistogramBucket>();
        foreach (var sample in samples)
        {
            if (sample.Name == MeridianMetricNames.CommitProbeDurationSeconds + "_bucket")
            {
                if (sample.Label("le") is { } le && PrometheusTextParser.TryParseValue(le, out var bound))
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
            Value(MeridianMetricNames.MariadbdAnswering) == 1,
            Value(MeridianMetricNames.WsrepLocalCommitsTotal),
            Value(MeridianMetricNames.WsrepLocalCertFailuresTotal),
            Value(MeridianMetricNames.WsrepFlowControlPausedSecondsTotal),
            Value(MeridianMetricNames.WsrepReplicatedBytesTotal),
            Value(MeridianMetricNames.WsrepReceivedBytesTotal),
            Value(MeridianMetricNames.WsrepLastCommitted),
            Value(MeridianMetricNames.WsrepLocalSendQueueLength),
            Value(MeridianMetricNames.WsrepLocalRecvQueueLength),
            [.. buckets.OrderBy(b => b.UpperBound)]);
    }

    /// <summary>A node whose agent could not be scraped: every value unknown.</summary>
    public static NodeMetrics Unreachable(string node, string region, DateTimeOffset scrapedAt) =>
        new(node, region, scrapedAt, false, null, null, null, null, null, null, null, null, []);
}
