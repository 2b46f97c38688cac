using System.Net;
using Meridian.Core.Planning;
using Meridian.Core.Rendering;
using Meridian.Integration.Tests.Fabric;
using Meridian.Runtime.Endpoints;

namespace Meridian.Integration.Tests.Endpoints;

/// <summary>
/// One region's endpoint for real: the namespace fabric (no WAN hub or VPN needed: the remote backups stay
/// unreachable behind the routers' blackhole routes and are marked down), a stand-in node in the region's node host,
/// HAProxy rendered by <see cref="HaproxyConfigRenderer"/> in the router namespace, and a forwarder on 127.0.0.1.
/// Disposal runs in reverse order and always completes, so a failed test leaves no namespace, HAProxy or listener.
/// </summary>
internal sealed class EndpointLab : IAsyncDisposable
{
    public const string Region = FabricLab.East;

    private readonly FabricLab _fabric;
    private StandInNode? _node;
    private EndpointHaproxy? _haproxy;
    private EndpointForwarderSet? _forwarders;

    private EndpointLab(FabricLab fabric)
    {
        _fabric = fabric;
        Layout = new DeploymentLayout($"/tmp/mep-{fabric.Cluster}");
    }

    public ClusterPlan Plan => _fabric.Plan;

    public DeploymentLayout Layout { get; }

    public HostLayout RouterLayout => Layout.ForHost(Plan.Region(Region).RouterHost);

    public FabricLab Fabric => _fabric;

    public StandInNode Node => _node!;

    public EndpointHaproxy Haproxy => _haproxy!;

    public EndpointForwarder Forwarder => _forwarders!.Forwarders[0];

    /// <summary>Where a client in the root namespace connects: 127.0.0.1 and the port the forwarder got.</summary>
    public IPEndPoint LocalEndpoint => Forwarder.BoundEndpoint!;

    public List<string> Log { get; } = [];

    public static async Task<EndpointLab> StartAsync()
    {
        var fabric = await FabricLab.StartAsync(withHub: false);
        var lab = new EndpointLab(fabric);
        try
        {
            var region = lab.Plan.Region(Region);
            var host = fabric.Node(Region);
            lab._node = StandInNode.Start(host.Name, host.Namespace, IPAddress.Parse(host.LanAddress), lab.Plan.Ports.Mysql, lab.Plan.Ports.AgentHttp);

            var config = lab.RouterLayout.File(HaproxyConfigRenderer.ConfigFileName);
            Directory.CreateDirectory(Path.GetDirectoryName(config)!);
            await File.WriteAllTextAsync(config, HaproxyConfigRenderer.Render(lab.Plan, region, lab.RouterLayout));
            lab._haproxy = await EndpointHaproxy.StartAsync(lab.Plan, lab.Plan.Host(region.RouterHost), lab.RouterLayout);

            // Port 0: the planned 3306 may be taken on a developer's machine, and other suites run in parallel.
            var route = EndpointRoute.ForRegion(lab.Plan, region) with { Listen = new IPEndPoint(IPAddress.Loopback, 0) };
            lab._forwarders = await EndpointForwarderSet.StartAsync([route], fabric.Runner, m => { lock (lab.Log) { lab.Log.Add(m); } });
            return lab;
        }
        catch
        {
            await lab.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_forwarders is not null)
            {
                await _forwarders.DisposeAsync();
            }

            if (_haproxy is not null)
            {
                await _haproxy.DisposeAsync();
            }

            if (_node is not null)
            {
                await _node.DisposeAsync();
            }
        }
        finally
        {
            await _fabric.DisposeAsync();
            if (Directory.Exists(Layout.StateDirectory))
            {
                Directory.Delete(Layout.StateDirectory, recursive: true);
            }
        }
    }
}
