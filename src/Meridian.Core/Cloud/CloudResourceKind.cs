namespace Meridian.Core.Cloud;

/// <summary>
/// The EC2 resources Meridian creates, in creation order (docs/providers.md, "What `up` creates"). Destruction runs in
/// the order of <see cref="CloudOrder.Destroy"/>, which is not simply the reverse.
/// </summary>
public enum CloudResourceKind
{
    KeyPair,
    Vpc,
    Subnet,
    InternetGateway,
    RouteTable,
    SecurityGroup,
    Address,
    Instance,
    PeeringConnection,
}
