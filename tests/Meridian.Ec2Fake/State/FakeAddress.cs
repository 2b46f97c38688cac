using Meridian.Ec2Fake.Api;

namespace Meridian.Ec2Fake.State;

/// <summary>An Elastic IP from the region's pool (<c>--address-pool</c>), possibly associated with an instance.</summary>
public sealed class FakeAddress(string id, DateTimeOffset createdAt, string publicIp) : FakeResource(id, createdAt)
{
    public string PublicIp { get; } = publicIp;

    public string? AssociationId { get; set; }

    public string? InstanceId { get; set; }

    public string? NetworkInterfaceId { get; set; }

    public string? PrivateIpAddress { get; set; }

    public void Disassociate()
    {
        AssociationId = null;
        InstanceId = null;
        NetworkInterfaceId = null;
        PrivateIpAddress = null;
    }

    protected override IEnumerable<string>? KindFilterValues(string name) => name switch
    {
        "allocation-id" => [Id],
        "public-ip" => [PublicIp],
        "domain" => ["vpc"],
        "instance-id" => InstanceId is null ? [] : [InstanceId],
        "association-id" => AssociationId is null ? [] : [AssociationId],
        "network-interface-id" => NetworkInterfaceId is null ? [] : [NetworkInterfaceId],
        "private-ip-address" => PrivateIpAddress is null ? [] : [PrivateIpAddress],
        "network-interface-owner-id" => [Ec2Ids.OwnerId],
        _ => null,
    };
}
