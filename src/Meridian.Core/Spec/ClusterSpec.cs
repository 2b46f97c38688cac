using System.Collections.Immutable;

namespace Meridian.Core.Spec;

/// <summary>The whole cluster as the user described it: immutable, validated, with defaults filled in.</summary>
public sealed record ClusterSpec(
    string Cluster,
    Provider Provider,
    ImmutableArray<RegionSpec> Regions,
    RttMatrix Rtt,
    GaleraSpec Galera,
    DatabaseSpec Database,
    EndpointsSpec Endpoints,
    string SourceFile)
{
    public const string BuiltInSource = "<built-in default>";

    public int TotalDataNodes => Regions.Sum(r => r.Nodes);

    /// <summary>How <c>provider: ssh</c> reaches its hosts by default; null for the other providers.</summary>
    public SshSpec? Ssh { get; init; }

    /// <summary>What <c>provider: aws</c> creates and how it logs in; null for the other providers.</summary>
    public AwsSpec? Aws { get; init; }

    /// <summary>The agents' own measurements (docs/spec.md, "monitoring"); the default when the spec has no such section.</summary>
    public MonitoringSpec Monitoring { get; init; } = MonitoringSpec.Default;

    /// <summary>The jitter and loss <c>wan.jitter</c> and <c>wan.loss</c> declare; none when the spec leaves them out.</summary>
    public WanImpairments Impairments { get; init; } = WanImpairments.None;

    public RegionSpec Region(string name) => Regions.First(r => r.Name == name);

    /// <summary>The tutorial's three regions, modernised (docs/architecture.md#default-topology).</summary>
    public static ClusterSpec Default { get; } = new(
        "demo",
        Provider.Local,
        [
            new RegionSpec("us-east-1", Ipv4Cidr.Parse("192.168.1.0/24"), 1, false),
            new RegionSpec("us-west-2", Ipv4Cidr.Parse("192.168.2.0/24"), 1, false),
            new RegionSpec("ap-northeast-1", Ipv4Cidr.Parse("192.168.3.0/24"), 1, false),
        ],
        RttMatrix.From(
        [
            new(new RegionPair("us-east-1", "us-west-2"), TimeSpan.FromMilliseconds(65)),
            new(new RegionPair("us-east-1", "ap-northeast-1"), TimeSpan.FromMilliseconds(150)),
            new(new RegionPair("us-west-2", "ap-northeast-1"), TimeSpan.FromMilliseconds(100)),
        ]),
        GaleraSpec.Default,
        DatabaseSpec.Default,
        EndpointsSpec.Default,
        BuiltInSource);
}
