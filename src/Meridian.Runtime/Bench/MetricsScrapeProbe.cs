using System.Globalization;
using Meridian.Core.Benchmarks;
using Meridian.Core.Planning;
using Meridian.Runtime.Processes;

namespace Meridian.Runtime.Bench;

/// <summary>
/// Times GET /metrics on one node's agent from inside the node's own namespace (the lab's addresses are never routed
/// into the root namespace): a loop of curl runs in one `ip netns exec`, each curl timing its own request
/// (<see cref="ScrapeTimings"/>), so neither the namespace switch nor curl's start is counted. Each GET /metrics is
/// followed by a GET / (the health check, which renders nothing) as a control: on a loaded box both share the
/// scheduler's delays, and only a difference between them is the cost of rendering the metrics.
/// </summary>
public static class MetricsScrapeProbe
{
    /// <summary>Longer than any healthy answer; a scrape past it is a failure (Prometheus' default scrape_timeout is 10 s).</summary>
    public static readonly TimeSpan ScrapeTimeout = TimeSpan.FromSeconds(2);

    /// <returns>The GET /metrics timings and the GET / timings.</returns>
    public static async Task<(ScrapeTimings Metrics, ScrapeTimings Health)> MeasureAsync(ICommandRunner runner, HostPlan node, int port, int count, TimeSpan pace, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runner);
        ArgumentNullException.ThrowIfNull(node);
        var url = $"http://{node.LanAddress}:{port.ToString(CultureInfo.InvariantCulture)}";
        var script = string.Create(
            CultureInfo.InvariantCulture,
            $"for i in $(seq 1 {count}); do for p in metrics:m :h; do curl -s -o /dev/null --max-time {ScrapeTimeout.TotalSeconds} -w \"%{{time_total}} %{{http_code}} ${{p#*:}}\\n\" {url}/${{p%%:*}} || true; done; sleep {pace.TotalSeconds:0.###}; done");
        var timeout = ((ScrapeTimeout * 2) + pace) * count + TimeSpan.FromSeconds(30);
        var result = await runner.RunAsync(NamespaceCommands.InNamespace(node.Namespace, "bash", "-c", script).WithTimeout(timeout), cancellationToken).ConfigureAwait(false);
        return (ScrapeTimings.Parse(result.StandardOutput, "m"), ScrapeTimings.Parse(result.StandardOutput, "h"));
    }
}
