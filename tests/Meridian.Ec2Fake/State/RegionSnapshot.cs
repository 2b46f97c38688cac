namespace Meridian.Ec2Fake;

/// <summary>One region's live resources for <c>GET /_fake/state</c>: what a "0 resources left" assertion counts.</summary>
public sealed record RegionSnapshot(
    string Region,
    IReadOnlyList<string> KeyPairs,
    IReadOnlyList<string> Vpcs,
    IReadOnlyList<string> Subnets,
    IReadOnlyList<string> InternetGateways,
    IReadOnlyList<string> RouteTables,
    IReadOnlyList<string> SecurityGroups,
    IReadOnlyList<string> Addresses,
    IReadOnlyList<string> Instances,
    IReadOnlyList<string> VpcPeeringConnections,
    IReadOnlyList<string> TerminatedInstances)
{
    /// <summary>Everything a user created and must delete; a VPC's main route table and default group go with the VPC.</summary>
    public int Count => KeyPairs.Count + Vpcs.Count + Subnets.Count + InternetGateways.Count + RouteTables.Count + SecurityGroups.Count
        + Addresses.Count + Instances.Count + VpcPeeringConnections.Count;
}
