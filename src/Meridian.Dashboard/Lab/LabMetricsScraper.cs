using System.Net;
using System.Net.Sockets;
using System.Text;
using Meridian.Core.Dashboard;
using Meridian.Core.Hosts;
using Meridian.Core.Metrics;
using Meridian.Core.Planning;
using Meridian.Core.Spec;
using Meridian.Runtime.Fabric;
using Meridian.Runtime.Lab;
using Meridian.Runtime.Lab.Control;

namespace Meridian.Dashboard.Lab;

/// <summary>
/// Scrapes every Galera node's agent (GET /metrics on its LAN address, docs/metrics.md) from inside that node's
/// namespace, the way Prometheus in the region would: the dashboard runs in the root namespace, which has no route to
/// lab addresses and must not get one. The socket is created on a thread in the node's namespace and keeps it
/// (socket(7)), so the request runs from any thread. The WAN links' byte counters and current RTTs come from the lab
/// supervisor (the same request as `meridian wan show`); F per region follows the current RTTs.
/// </summary>
public sealed class LabMetricsScraper(LabContext lab, TimeProvider clock) : IDashboardMetricsSource
{
    /// <summary>An agent answers in milliseconds (docs/metrics.md); one that takes longer is shown as unreachable.</summary>
    public static readonly TimeSpan ScrapeTimeout = TimeSpan.FromSeconds(1.5);

    public async Task<MetricsRound> ScrapeAsync(CancellationToken cancellationToken)
    {
        var at = clock.GetUtcNow();
        var nodes = lab.Plan.GaleraNodes.Select(host => ScrapeNodeAsync(host, at, cancellationToken)).ToList();
        IReadOnlyList<WanLinkView> links;
        try
        {
            links = await new LabSupervisorClient(lab).SendAsync(new WanShowRequest(), cancellationToken).ConfigureAwait(false);
        }
        catch (LabException)
        {
            links = [];
        }

        return new MetricsRound(
            at,
            [.. await Task.WhenAll(nodes).ConfigureAwait(false)],
            [.. links.Select(l => new WanLinkBytes(l.From, l.To, l.Bytes))],
            CommitFloors.ByRegion(lab.Plan, links.Select(l => KeyValuePair.Create(new RegionPair(l.From, l.To), l.RttMs))));
    }

    private async Task<NodeMetrics> ScrapeNodeAsync(HostPlan host, DateTimeOffset at, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ScrapeTimeout);
        try
        {
            var reply = await GetAsync(host, "/metrics", timeout.Token).ConfigureAwait(false);
            return reply.Ok
                ? NodeMetrics.FromSamples(host.Name, host.Region, at, PrometheusTextParser.Parse(reply.Body))
                : NodeMetrics.Unreachable(host.Name, host.Region, at);
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            // The agent is down or its namespace is gone: a gap in the charts, and the Galera table says why.
            return NodeMetrics.Unreachable(host.Name, host.Region, at);
        }
    }

    /// <summary>
    /// One HTTP/1.0 GET on a plain socket made in the host's namespace: the agent answers and closes. No HttpClient,
    /// whose handler loads the HTTP/2, HTTP/3 and TLS stacks for a text the agent sends in one piece (the dashboard's
    /// 100 MB budget, docs/dashboard.md).
    /// </summary>
    private async Task<AgentHttpReply> GetAsync(HostPlan host, string path, CancellationToken cancellationToken)
    {
        using var socket = await NetnsScope.RunAsync(host.Namespace, () => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp)).ConfigureAwait(false);
        await socket.ConnectAsync(IPAddress.Parse(host.LanAddress), lab.Plan.Ports.AgentHttp, cancellationToken).ConfigureAwait(false);
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"GET {path} HTTP/1.0\r\nHost: {host.LanAddress}\r\n\r\n"), cancellationToken).ConfigureAwait(false);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return AgentHttpReply.Parse(await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false));
    }
}
