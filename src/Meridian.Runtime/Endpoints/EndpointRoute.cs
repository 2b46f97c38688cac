using System.Net;
using Meridian.Core.Planning;

namespace Meridian.Runtime.Endpoints;

/// <summary>
/// One region's way in for the operator: <see cref="Listen"/> on 127.0.0.1 in the root namespace, forwarded to
/// <see cref="Target"/> (HAProxy's frontend on the router's LAN address) through a socket created inside
/// <see cref="RouterNamespace"/>. The region CIDRs never get a route in the root namespace (docs/architecture.md#operator-access).
/// </summary>
public sealed record EndpointRoute(string Region, IPEndPoint Listen, string RouterNamespace, IPEndPoint Target)
{
    public static EndpointRoute ForRegion(ClusterPlan plan, RegionPlan region)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(region);
        return new EndpointRoute(
            region.Name,
            new IPEndPoint(IPAddress.Loopback, region.LocalEndpointPort),
            plan.Host(region.RouterHost).Namespace,
            new IPEndPoint(IPAddress.Parse(region.RouterLanAddress), plan.Ports.Endpoint));
    }

    /// <summary>Every region's route, in plan order.</summary>
    public static IReadOnlyList<EndpointRoute> ForPlan(ClusterPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return [.. plan.Regions.Select(r => ForRegion(plan, r))];
    }
}
