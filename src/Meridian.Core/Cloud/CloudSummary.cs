namespace Meridian.Core.Cloud;

/// <summary>
/// The short human description of a resource in `meridian plan` (docs/providers.md, "What `up` creates"): its kind in
/// words, then what tells it apart ("vpc 10.0.1.0/24", "instance a-db1 t3.medium 10.0.1.20").
/// </summary>
public static class CloudSummary
{
    public static string Word(CloudResourceKind kind) => kind switch
    {
        CloudResourceKind.KeyPair => "key pair",
        CloudResourceKind.Vpc => "vpc",
        CloudResourceKind.Subnet => "subnet",
        CloudResourceKind.InternetGateway => "internet gateway",
        CloudResourceKind.RouteTable => "route table",
        CloudResourceKind.SecurityGroup => "security group",
        CloudResourceKind.Address => "elastic ip",
        CloudResourceKind.Instance => "instance",
        CloudResourceKind.PeeringConnection => "peering connection",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>What follows the kind word; empty when the kind says it all (a region has one internet gateway).</summary>
    public static string Details(CloudResource resource) => resource switch
    {
        KeyPairResource k => k.KeyName,
        VpcResource v => v.Cidr,
        SubnetResource s => s.Cidr,
        InternetGatewayResource => string.Empty,
        RouteTableResource r => $"({Count(r.Routes.Length, "route")})",
        SecurityGroupResource g => $"{g.GroupName} ({Count(g.Rules.Length, "rule")})",
        AddressResource a => $"for {a.Host}",
        InstanceResource i => $"{i.Host} {i.InstanceType} {i.PrivateAddress}",
        PeeringResource p => $"to {p.PeerRegion}",
        _ => throw new ArgumentOutOfRangeException(nameof(resource), resource.GetType().Name, null),
    };

    public static string Of(CloudResource resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        return Join(Word(resource.Kind), Details(resource));
    }

    /// <summary>A resource found but not planned: only its kind is known, and its state when it is not the usual one.</summary>
    public static string Of(ObservedResource observed)
    {
        ArgumentNullException.ThrowIfNull(observed);
        return Join(Word(observed.Kind), observed.State is "available" or "running" or "attached" or "active" or "" ? string.Empty : observed.State);
    }

    private static string Join(string word, string details) => details.Length == 0 ? word : $"{word} {details}";

    private static string Count(int n, string noun) => n == 1 ? $"1 {noun}" : $"{n} {noun}s";
}
