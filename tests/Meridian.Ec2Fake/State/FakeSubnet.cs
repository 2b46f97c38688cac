using Meridian.Ec2Fake.Api;

namespace Meridian.Ec2Fake.State;

public sealed class FakeSubnet(string id, DateTimeOffset createdAt, string vpcId, Ipv4Cidr cidr, string availabilityZone) : FakeResource(id, createdAt)
{
    public string VpcId { get; } = vpcId;

    public Ipv4Cidr Cidr { get; } = cidr;

    public string AvailabilityZone { get; } = availabilityZone;

    /// <summary>Stored and reported only: the fake gives instances no automatic public address (docs/providers.md, "The EC2 fake (tests only)").</summary>
    public bool MapPublicIpOnLaunch { get; set; }

    protected override IEnumerable<string>? KindFilterValues(string name) => name switch
    {
        "subnet-id" => [Id],
        "vpc-id" => [VpcId],
        "cidr-block" or "cidr" or "cidrBlock" => [Cidr.ToString()],
        "availability-zone" => [AvailabilityZone],
        "state" => ["available"],
        "owner-id" => [Ec2Ids.OwnerId],
        _ => null,
    };
}
