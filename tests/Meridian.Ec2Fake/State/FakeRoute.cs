namespace Meridian.Ec2Fake.State;

/// <summary>One route; exactly one target is set ("local" is the VPC's own route, origin CreateRouteTable).</summary>
public sealed record FakeRoute(string Destination, string? GatewayId, string? InstanceId, string? NetworkInterfaceId, string? VpcPeeringConnectionId)
{
    public bool IsLocal => GatewayId == "local";

    public string? Target => GatewayId ?? NetworkInterfaceId ?? VpcPeeringConnectionId ?? InstanceId;
}

/// <summary>A route table's association with a subnet, or the VPC's main association (SubnetId null).</summary>
public sealed record FakeRouteTableAssociation(string AssociationId, string? SubnetId)
{
    public bool Main => SubnetId is null;
}
