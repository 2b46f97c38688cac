using System.Collections.Immutable;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Meridian.Core.Spec.Loading;

/// <summary>
/// A region as read, before the cross-region checks: a null field failed to read (and was reported).
/// <see cref="Name"/> keeps an invalid name's text, so that an RTT key naming it is not also called unknown.
/// The marks say where to point a diagnostic about each field.
/// </summary>
internal sealed record RegionDraft(
    int Index,
    Mark Start,
    string? Name,
    Mark NameAt,
    bool NameIsValid,
    Ipv4Cidr? Cidr,
    Mark CidrAt,
    int? Nodes,
    bool? Arbitrator)
{
    /// <summary>"regions[0] ('us-east-1')" in messages; the index alone when the name is missing.</summary>
    public string Label => LabelOf(Index, Name);

    public static string LabelOf(int index, string? name) => name is null ? $"regions[{index}]" : $"regions[{index}] ('{SpecText.Echo(name)}')";

    /// <summary>The region's <c>hosts</c> as written, read by <see cref="SshReader"/> once the provider is known.</summary>
    public YamlNode? HostsNode { get; init; }

    /// <summary>The region's <c>aws</c> as written, read by <see cref="AwsReader"/> once the provider is known.</summary>
    public YamlNode? AwsNode { get; init; }

    public bool IsComplete => NameIsValid && Name is not null && Cidr is not null && Nodes is not null && Arbitrator is not null;

    public RegionSpec ToSpec(ImmutableArray<HostSpec> hosts, AwsRegionSpec? aws) =>
        IsComplete ? new RegionSpec(Name!, Cidr!.Value, Nodes!.Value, Arbitrator!.Value) { Hosts = hosts, Aws = aws } : throw new InvalidOperationException($"{Label} has errors");
}
