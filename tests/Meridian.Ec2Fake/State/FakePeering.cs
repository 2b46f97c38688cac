namespace Meridian.Ec2Fake.State;

/// <summary>
/// A VPC peering connection. Cross-region peerings are one object seen from both regions (AWS lists it in each), so
/// the fake stores it once, in the requester's region, and indexes it from the accepter's.
/// </summary>
public sealed class FakePeering(string id, DateTimeOffset createdAt) : FakeResource(id, createdAt)
{
    public required string RequesterRegion { get; init; }

    public required string RequesterVpcId { get; init; }

    public required string RequesterCidr { get; init; }

    public required string AccepterRegion { get; init; }

    public required string AccepterVpcId { get; init; }

    public required string AccepterCidr { get; init; }

    /// <summary>pending-acceptance, active, deleted.</summary>
    public string Status { get; set; } = "pending-acceptance";

    protected override IEnumerable<string>? KindFilterValues(string name) => name switch
    {
        "vpc-peering-connection-id" => [Id],
        "status-code" => [Status],
        "requester-vpc-info.vpc-id" => [RequesterVpcId],
        "accepter-vpc-info.vpc-id" => [AccepterVpcId],
        "requester-vpc-info.cidr-block" => [RequesterCidr],
        "accepter-vpc-info.cidr-block" => [AccepterCidr],
        _ => null,
    };
}
