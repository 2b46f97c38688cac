using Meridian.Ec2Fake.Api;

namespace Meridian.Ec2Fake.State;

/// <summary>One ingress permission, flattened to one source: a CIDR or a security group (stored, never enforced).</summary>
public sealed record FakeIngressRule(string Protocol, int? FromPort, int? ToPort, string? CidrIp, string? SourceGroupId, string? Description)
{
    /// <summary>Two rules are the same AWS rule when all but the description match (InvalidPermission.Duplicate).</summary>
    public bool SameRule(FakeIngressRule other) =>
        Protocol == other.Protocol && FromPort == other.FromPort && ToPort == other.ToPort && CidrIp == other.CidrIp && SourceGroupId == other.SourceGroupId;
}

public sealed class FakeSecurityGroup(string id, DateTimeOffset createdAt, string name, string description, string vpcId) : FakeResource(id, createdAt)
{
    public string Name { get; } = name;

    public string Description { get; } = description;

    public string VpcId { get; } = vpcId;

    public List<FakeIngressRule> Ingress { get; } = [];

    public bool IsDefault => Name == "default";

    protected override IEnumerable<string>? KindFilterValues(string name) => name switch
    {
        "group-id" => [Id],
        "group-name" => [Name],
        "vpc-id" => [VpcId],
        "description" => [Description],
        "owner-id" => [Ec2Ids.OwnerId],
        "ip-permission.cidr" => Ingress.Where(r => r.CidrIp is not null).Select(r => r.CidrIp!),
        _ => null,
    };
}
