using Meridian.Ec2Fake.Api;

namespace Meridian.Ec2Fake.State;

public sealed class FakeVpc(string id, DateTimeOffset createdAt, Ipv4Cidr cidr) : FakeResource(id, createdAt)
{
    public Ipv4Cidr Cidr { get; } = cidr;

    public string CidrAssociationId { get; } = Ec2Ids.New("vpc-cidr-assoc");

    public string MainRouteTableId { get; set; } = string.Empty;

    public string DefaultSecurityGroupId { get; set; } = string.Empty;

    protected override IEnumerable<string>? KindFilterValues(string name) => name switch
    {
        "vpc-id" => [Id],
        "cidr" or "cidr-block-association.cidr-block" => [Cidr.ToString()],
        "state" => ["available"],
        "is-default" => ["false"],
        "owner-id" => [Ec2Ids.OwnerId],
        _ => null,
    };
}
