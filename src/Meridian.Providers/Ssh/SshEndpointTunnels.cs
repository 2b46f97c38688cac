using System.Net.Sockets;
using Meridian.Core.Planning;

namespace Meridian.Providers.Ssh;

/// <summary>
/// Every region's SQL endpoint on this machine's 127.0.0.1, as in the lab (<see cref="RegionPlan.LocalEndpointPort"/>:
/// endpoints.port + the region's position), each carried through an SSH session to its router and on to HAProxy on the
/// router's LAN address (docs/providers.md, "SQL from the operator's machine"). The server certificates name 127.0.0.1,
/// so clients verify them exactly as they do in the lab.
/// </summary>
public sealed class SshEndpointTunnels : IDisposable
{
    private readonly List<IDisposable> forwards = [];

    private SshEndpointTunnels()
    {
    }

    public const string Address = "127.0.0.1";

    public static SshEndpointTunnels Open(ClusterPlan plan, SshSessions sessions)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(sessions);
        var tunnels = new SshEndpointTunnels();
        try
        {
            foreach (var region in plan.Regions)
            {
                var router = plan.Host(region.RouterHost);
                try
                {
                    tunnels.forwards.Add(sessions.Sessions[router.Name].ForwardLocal(Address, region.LocalEndpointPort, router.LanAddress, plan.Ports.Endpoint));
                }
                catch (SocketException ex)
                {
                    throw new SshDeploymentException(
                        $"cannot listen on {Address}:{region.LocalEndpointPort} for region {region.Name}'s endpoint: {ex.Message}",
                        $"stop what holds that port here, or set endpoints.port in the spec (region {region.Name} uses endpoints.port + {region.LocalEndpointPort - plan.Regions[0].LocalEndpointPort})");
                }
            }

            return tunnels;
        }
        catch
        {
            tunnels.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        foreach (var forward in forwards)
        {
            forward.Dispose();
        }

        forwards.Clear();
    }
}
