using System.Net;

namespace Meridian.Ec2Fake.State;

/// <summary>Everything one AWS region of the fake holds. Guarded by the server's single lock.</summary>
public sealed class RegionState(string name, IReadOnlyList<IPAddress> addressPool)
{
    public string Name { get; } = name;

    public IReadOnlyList<IPAddress> AddressPool { get; } = addressPool;

    public Dictionary<string, FakeImage> Images { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, FakeKeyPair> KeyPairs { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, FakeVpc> Vpcs { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, FakeSubnet> Subnets { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, FakeInternetGateway> InternetGateways { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, FakeRouteTable> RouteTables { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, FakeSecurityGroup> SecurityGroups { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, FakeAddress> Addresses { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, FakeInstance> Instances { get; } = new(StringComparer.Ordinal);

    /// <summary>Peerings this region requested (stored here) or was asked to accept (the requester region's object).</summary>
    public Dictionary<string, FakePeering> Peerings { get; } = new(StringComparer.Ordinal);

    /// <summary>RunInstances ClientToken → the parameters it was first sent with and the instances it made.</summary>
    public Dictionary<string, (string Fingerprint, IReadOnlyList<string> InstanceIds)> ClientTokens { get; } = new(StringComparer.Ordinal);
}
