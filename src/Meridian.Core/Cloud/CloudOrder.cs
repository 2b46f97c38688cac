using System.Collections.Immutable;

namespace Meridian.Core.Cloud;

/// <summary>The order `down` deletes in: what depends on a resource goes before it (docs/providers.md, "What `down` deletes").</summary>
public static class CloudOrder
{
    public static ImmutableArray<CloudResourceKind> Destroy { get; } =
    [
        CloudResourceKind.Instance,
        CloudResourceKind.Address,
        CloudResourceKind.PeeringConnection,
        CloudResourceKind.RouteTable,
        CloudResourceKind.Subnet,
        CloudResourceKind.SecurityGroup,
        CloudResourceKind.InternetGateway,
        CloudResourceKind.Vpc,
        CloudResourceKind.KeyPair,
    ];
}
