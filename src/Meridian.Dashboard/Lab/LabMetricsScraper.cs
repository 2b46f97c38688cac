using System.Collections.Immutable;
using System.Net;
using System.Net.Sockets;
using Meridian.Core.Dashboard;
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
public sealed class LabMetricsScraper : IDashboardMetricsSource, IAsyncDisposable
{
    /// <summary>An agent answers in milliseconds (docs/metrics.md); one that takes longer is shown as unreachable.</summary>
    public static readonly TimeSpan ScrapeTimeout = TimeSpan.FromSeconds(1.5);

    private readonly LabContext lab;
    private readonly TimeProvider clock;
    private readonly HttpClient http;
    private readonly ImmutableDictionary<string, string> namespaceByAddress;

    public LabMetricsScraper(LabContext lab, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(lab);
        this.lab = lab;
        this.clock = clock;
        namespaceByAddress = lab.Plan.GaleraNodes.ToImmutableDictionary(h => h.LanAddress, h => h.Namespace);
        http = new HttpClient(new SocketsHttpHandler
        {
            ConnectCallback = (context, cancellationToken) => ConnectInNamespaceAsync(context.DnsEndPoint, cancellationToken),
            UseProxy = false,
        })
        {
            Timeout = ScrapeTimeout,
        };
    }

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
        try
        {
            var text = await http.GetStringAsync(new Uri($"http://{host.LanAddress}:{lab.Plan.Ports.AgentHttp}/metrics"), cancellationToken).ConfigureAwait(false);
            return NodeMetrics.FromSamples(host.Name, host.Region, at, PrometheusTextParser.Parse(text));
        }
        catch (Exception e) when (e is HttpRequestException or IOException or SocketException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            // The agent is down or its namespace is gone: a gap in the charts, and the Galera table says why.
            return NodeMetrics.Unreachable(host.Name, host.Region, at);
        }
    }

    private async ValueTask<Stream> ConnectInNamespaceAsync(DnsEndPoint endPoint, CancellationToken cancellationToken)
    {
        var namespaceName = namespaceByAddress.GetValueOrDefault(endPoint.Host)
            ?? throw new HttpRequestException($"{endPoint.Host} is no Galera node of this lab");
        var socket = await NetnsScope.RunAsync(namespaceName, () => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp)).ConfigureAwait(false);
        try
        {
            socket.NoDelay = true;
            await socket.ConnectAsync(endPoint, cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public ValueTask DisposeAsync()
    {
        http.Dispose();
        return ValueTask.CompletedTask;
    }
}
