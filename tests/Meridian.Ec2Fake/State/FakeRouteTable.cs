using Meridian.Ec2Fake.Api;

namespace Meridian.Ec2Fake.State;

public sealed class FakeRouteTable(string id, DateTimeOffset createdAt, string vpcId) : FakeResource(id, createdAt)
{
    public string VpcId { get; } = vpcId;

    public List<FakeRoute> Routes { get; } = [];

    public List<FakeRouteTableAssociation> Associations { get; } = [];

    public bool IsMain => Associations.Any(a => a.Main);

    protected override IEnumerable<string>? KindFilterValues(string name) => name switch
    {
        "route-table-id" => [Id],
        "vpc-id" => [VpcId],
        "association.subnet-id" => Associations.Where(a => a.SubnetId is not null).Select(a => a.SubnetId!),
        "association.route-table-association-id" => Associations.Select(a => a.AssociationId),
        "association.main" => [IsMain ? "true" : "false"],
        "route.destination-cidr-block" => Routes.Select(r => r.Destination),
        "route.gateway-id" => Routes.Where(r => r.GatewayId is not null).Select(r => r.GatewayId!),
        "owner-id" => [Ec2Ids.OwnerId],
        _ => null,
    };
}
