namespace Meridian.Core.Cloud;

/// <summary>What a route sends its traffic to.</summary>
public enum RouteTargetKind
{
    /// <summary>The VPC's internet gateway (the default route).</summary>
    InternetGateway,

    /// <summary>The network interface of the region's router instance (<see cref="CloudRoute.RouterHost"/>): a peer region's CIDR.</summary>
    RouterInterface,

    /// <summary>The peering connection to the region owning the CIDR (<c>wan: vpc-peering</c>).</summary>
    PeeringConnection,
}

/// <summary>One route of a region's route table. <see cref="RouterHost"/> is the planned host name for <see cref="RouteTargetKind.RouterInterface"/>; <see cref="PeerRegion"/> the Meridian region for <see cref="RouteTargetKind.PeeringConnection"/>.</summary>
public sealed record CloudRoute(string DestinationCidr, RouteTargetKind Target, string? RouterHost = null, string? PeerRegion = null);
