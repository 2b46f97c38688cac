using Meridian.Ec2Fake.Api;

namespace Meridian.Ec2Fake.State;

public sealed class FakeInternetGateway(string id, DateTimeOffset createdAt) : FakeResource(id, createdAt)
{
    /// <summary>The VPC it is attached to; an internet gateway has at most one attachment.</summary>
    public string? AttachedVpcId { get; set; }

    protected override IEnumerable<string>? KindFilterValues(string name) => name switch
    {
        "internet-gateway-id" => [Id],
        "attachment.vpc-id" => AttachedVpcId is null ? [] : [AttachedVpcId],
        "attachment.state" => AttachedVpcId is null ? [] : ["available"],
        "owner-id" => [Ec2Ids.OwnerId],
        _ => null,
    };
}
