using System.Collections.Immutable;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Meridian.Core.Spec.Loading;

/// <summary>
/// Reads what <c>provider: aws</c> adds to a spec (docs/spec.md, "aws"): the top-level <c>aws</c> section and each
/// region's <c>aws</c> mapping. Both are refused under the other providers, like <c>ssh</c> is. Under aws the planner
/// places every host, so a region's <c>hosts</c> stays refused (<see cref="SshReader"/> reports it), and each region's
/// network must be one a VPC can have and that leaves the planned addresses outside the ones AWS reserves.
/// </summary>
internal static partial class AwsReader
{
    public static readonly IReadOnlyList<string> AwsKeys = ["key", "operatorCidr", "user", "routerType", "nodeType", "wan"];
    public static readonly IReadOnlyList<string> RegionKeys = ["region", "routerType", "nodeType", "ami"];

    /// <summary>
    /// A VPC's block is /16 to /28 (https://docs.aws.amazon.com/vpc/latest/userguide/vpc-cidr-blocks.html), and AWS
    /// reserves the first four addresses of a subnet: in a /28 the planner packs nodes at .1–.9, so /27 is the longest.
    /// </summary>
    public const int LongestPrefix = 27;

    /// <summary>The private ranges of RFC 1918, the ones a VPC's primary block is normally taken from.</summary>
    private static readonly Ipv4Cidr[] PrivateRanges = [Ipv4Cidr.Parse("10.0.0.0/8"), Ipv4Cidr.Parse("172.16.0.0/12"), Ipv4Cidr.Parse("192.168.0.0/16")];

    /// <summary>The spec's <c>aws</c> section, or null (and nothing reported) when the provider is not aws.</summary>
    public static AwsSpec? ReadDefaults(MappingReader top, Provider? provider, DiagnosticBag bag)
    {
        top.TryGet("aws", out var node);
        if (provider != Provider.Aws)
        {
            if (node is not null && provider is not null)
            {
                bag.Error(
                    node.Start,
                    DiagnosticCodes.AwsOnlyForAwsProvider,
                    $"'aws' applies only to provider: aws, and this spec's provider is {ScalarReader.ChoiceName(provider.Value)}",
                    "delete the 'aws' section, or write provider: aws to create the hosts on EC2");
            }

            return null;
        }

        if (node is null)
        {
            top.Required("aws", "the private key whose public half is imported into EC2, e.g. aws: { key: ~/.ssh/id_ed25519 }");
            return null;
        }

        if (MappingReader.Open(node, "aws", AwsKeys, bag) is not { } aws)
        {
            return null;
        }

        var key = aws.Required("key", "the path of the private key Meridian logs in with (KEY.pub is imported), e.g. key: ~/.ssh/id_ed25519") is { } keyNode
            ? ScalarReader.ReadText(keyNode, "aws.key", "a file path such as ~/.ssh/id_ed25519", bag)
            : null;
        var ok = key is not null;
        string? operatorCidr = null;
        if (aws.TryGet("operatorCidr", out var operatorNode))
        {
            operatorCidr = ReadOperatorCidr(operatorNode, bag);
            ok &= operatorCidr is not null;
        }

        var user = aws.TryGet("user", out var userNode) ? SshReader.ReadUser(userNode, "aws.user", bag) : AwsSpec.DefaultUser;
        var routerType = aws.TryGet("routerType", out var routerNode) ? ReadInstanceType(routerNode, "aws.routerType", bag) : AwsSpec.DefaultRouterType;
        var nodeType = aws.TryGet("nodeType", out var nodeTypeNode) ? ReadInstanceType(nodeTypeNode, "aws.nodeType", bag) : AwsSpec.DefaultNodeType;
        var wan = aws.TryGet("wan", out var wanNode) ? ScalarReader.ReadChoice<AwsWan>(wanNode, "aws.wan", DiagnosticCodes.UnknownAwsWan, bag) : AwsWan.Vpn;
        return ok && user is not null && routerType is not null && nodeType is not null && wan is not null
            ? new AwsSpec(key!, operatorCidr, user, routerType, nodeType, wan.Value)
            : null;
    }

    /// <summary>
    /// Each region's <see cref="AwsRegionSpec"/> in region order (all null when the provider is not aws); null when any
    /// region failed. Instance types default to <paramref name="defaults"/> (or AwsSpec's defaults when it failed to read).
    /// </summary>
    public static ImmutableArray<AwsRegionSpec?>? ReadRegions(Provider? provider, AwsSpec? defaults, ImmutableArray<RegionDraft> regions, DiagnosticBag bag)
    {
        var result = ImmutableArray.CreateBuilder<AwsRegionSpec?>(regions.Length);
        var ok = true;
        if (provider != Provider.Aws)
        {
            foreach (var region in regions)
            {
                if (region.AwsNode is { } stray && provider is not null)
                {
                    bag.Error(
                        stray.Start,
                        DiagnosticCodes.AwsOnlyForAwsProvider,
                        $"'regions[{region.Index}].aws' applies only to provider: aws, and this spec's provider is {ScalarReader.ChoiceName(provider.Value)}",
                        "delete the region's 'aws', or write provider: aws");
                    ok = false;
                }

                result.Add(null);
            }

            return ok ? result.MoveToImmutable() : null;
        }

        var firstByAwsRegion = new Dictionary<string, RegionDraft>(StringComparer.Ordinal);
        foreach (var region in regions)
        {
            ok &= CheckCidr(region, bag);
            var (spec, at) = ReadRegion(region, defaults, bag);
            if (spec is not null && !firstByAwsRegion.TryAdd(spec.AwsRegion, region))
            {
                var first = firstByAwsRegion[spec.AwsRegion];
                bag.Error(
                    at,
                    DiagnosticCodes.DuplicateAwsRegion,
                    $"{region.Label} is in AWS region {spec.AwsRegion}, like {first.Label}: each Meridian region is one VPC with its own router in its own AWS region, and two would share the cluster's key pair and its resource names there",
                    $"put {region.Label} in another AWS region, e.g. aws: {{ region: {SuggestFreeRegion(firstByAwsRegion.Keys)} }}, or merge the two regions (raise 'nodes')");
                spec = null;
            }

            ok &= spec is not null;
            result.Add(spec);
        }

        return ok ? result.MoveToImmutable() : null;
    }

    /// <summary>Whether <paramref name="name"/> looks like an AWS region name (us-east-1, ap-northeast-1, us-gov-west-1).</summary>
    public static bool IsAwsRegionName(string name) => AwsRegionName().IsMatch(name);

    private static (AwsRegionSpec? Spec, Mark At) ReadRegion(RegionDraft region, AwsSpec? defaults, DiagnosticBag bag)
    {
        var path = $"regions[{region.Index}].aws";
        var mapping = region.AwsNode is { } node ? MappingReader.Open(node, path, RegionKeys, bag) : null;
        if (region.AwsNode is not null && mapping is null)
        {
            return (null, region.AwsNode.Start);
        }

        var ok = true;
        string? awsRegion = null;
        var at = region.NameAt;
        if (mapping is not null && mapping.TryGet("region", out var regionNode))
        {
            at = regionNode.Start;
            if (ScalarReader.ReadText(regionNode, mapping.PathOf("region"), "an AWS region such as us-east-1", bag) is { } text)
            {
                if (IsAwsRegionName(text))
                {
                    awsRegion = text;
                }
                else
                {
                    bag.Error(
                        regionNode.Start,
                        DiagnosticCodes.InvalidAwsRegion,
                        $"'{mapping.PathOf("region")}' is '{SpecText.Echo(text)}', not an AWS region name",
                        "write an AWS region such as us-east-1, eu-central-1 or ap-northeast-1 (lowercase, as `aws ec2 describe-regions` lists them)");
                }
            }
        }
        else if (region.Name is { } name && region.NameIsValid)
        {
            if (IsAwsRegionName(name))
            {
                awsRegion = name;
            }
            else
            {
                bag.Error(
                    region.AwsNode?.Start ?? region.Start,
                    DiagnosticCodes.AwsRegionRequired,
                    $"{region.Label} does not say which AWS region it is in, and its name is not an AWS region name",
                    "add aws: { region: us-east-1 } to the region (or name the region after its AWS region)");
            }
        }

        ok &= awsRegion is not null;
        string? ReadType(string key, string fallback)
        {
            if (mapping is null || !mapping.TryGet(key, out var typeNode))
            {
                return fallback;
            }

            var type = ReadInstanceType(typeNode, mapping.PathOf(key), bag);
            ok &= type is not null;
            return type;
        }

        var routerType = ReadType("routerType", defaults?.RouterType ?? AwsSpec.DefaultRouterType);
        var nodeType = ReadType("nodeType", defaults?.NodeType ?? AwsSpec.DefaultNodeType);
        string? ami = null;
        if (mapping is not null && mapping.TryGet("ami", out var amiNode))
        {
            ami = ScalarReader.ReadText(amiNode, mapping.PathOf("ami"), "an image id such as ami-0123456789abcdef0", bag);
            if (ami is not null && !AmiId().IsMatch(ami))
            {
                bag.Error(
                    amiNode.Start,
                    DiagnosticCodes.InvalidAmi,
                    $"'{mapping.PathOf("ami")}' is '{SpecText.Echo(ami)}', not an AMI id",
                    "write the image id of this AWS region, e.g. ami: ami-0123456789abcdef0, or delete 'ami' to use the latest official Debian 12 image");
                ami = null;
            }

            ok &= ami is not null;
        }

        return (ok ? new AwsRegionSpec(awsRegion!, routerType!, nodeType!, ami) : null, at);
    }

    /// <summary>RFC 1918 and at most a /27 (see <see cref="LongestPrefix"/>); RegionsReader has already checked the rest.</summary>
    private static bool CheckCidr(RegionDraft region, DiagnosticBag bag)
    {
        if (region.Cidr is not { } cidr)
        {
            return true;
        }

        if (!PrivateRanges.Any(r => cidr.Prefix >= r.Prefix && r.Contains(cidr.Network)))
        {
            bag.Error(
                region.CidrAt,
                DiagnosticCodes.AwsCidrNotAllowed,
                $"{region.Label} network {cidr} is not inside an RFC 1918 private range, which provider: aws requires for a VPC",
                $"pick a network inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16, e.g. cidr: 10.0.{region.Index + 1}.0/24");
            return false;
        }

        if (cidr.Prefix > LongestPrefix)
        {
            bag.Error(
                region.CidrAt,
                DiagnosticCodes.AwsCidrNotAllowed,
                $"{region.Label} network {cidr} is a /{cidr.Prefix}: in a /28 the planner puts nodes at .1–.9, and AWS reserves .1–.3 of every subnet",
                $"use a /{LongestPrefix} or larger, e.g. cidr: {new Ipv4Cidr(cidr.Network & 0xFFFFFF00u, 24)}");
            return false;
        }

        return true;
    }

    private static string? ReadOperatorCidr(YamlNode node, DiagnosticBag bag)
    {
        if (ScalarReader.ReadText(node, "aws.operatorCidr", "the operator's address as a CIDR such as 203.0.113.7/32", bag) is not { } text)
        {
            return null;
        }

        if (!Ipv4Cidr.TryParse(text, out var cidr, out var error))
        {
            var fix = Ipv4Cidr.TryParseAddress(text, out var address)
                ? $"write the address as a /32: operatorCidr: {Ipv4Cidr.FormatAddress(address)}/32"
                : "write an IPv4 network in CIDR notation, e.g. operatorCidr: 203.0.113.7/32, or delete it to admit the address Meridian sees";
            bag.Error(node.Start, DiagnosticCodes.InvalidOperatorCidr, $"'aws.operatorCidr' {SpecText.Echo(error, 160, 120)}", fix);
            return null;
        }

        if (cidr.Value.Prefix == 0)
        {
            // Written on purpose (the default is never 0.0.0.0/0), so it is accepted, but said out loud.
            bag.Warning(
                node.Start,
                DiagnosticCodes.OperatorCidrOpen,
                "'aws.operatorCidr' is 0.0.0.0/0: every router's SSH port is open to the whole internet",
                "write the operator's address as a /32 (e.g. 203.0.113.7/32), or delete the line to admit the address Meridian sees");
        }

        return cidr.Value.ToString();
    }

    private static string? ReadInstanceType(YamlNode node, string path, DiagnosticBag bag)
    {
        if (ScalarReader.ReadText(node, path, "an EC2 instance type such as t3.medium", bag) is not { } type)
        {
            return null;
        }

        if (!InstanceType().IsMatch(type))
        {
            bag.Error(
                node.Start,
                DiagnosticCodes.InvalidInstanceType,
                $"'{path}' is '{SpecText.Echo(type)}', not an EC2 instance type",
                "write a type as EC2 names it, family.size in lowercase, e.g. t3.medium or m6i.large");
            return null;
        }

        return type;
    }

    /// <summary>A concrete AWS region for a fix hint that no earlier region uses.</summary>
    private static string SuggestFreeRegion(IEnumerable<string> used)
    {
        string[] candidates = ["us-east-1", "us-west-2", "eu-central-1", "ap-northeast-1", "eu-west-1", "ap-southeast-2"];
        var taken = used.ToHashSet(StringComparer.Ordinal);
        return candidates.FirstOrDefault(c => !taken.Contains(c)) ?? "sa-east-1";
    }

    /// <summary>us-east-1, eu-central-2, ap-northeast-1, us-gov-west-1, cn-north-1.</summary>
    [GeneratedRegex(@"\A[a-z]{2}(-gov)?-[a-z]+-\d\z", RegexOptions.CultureInvariant)]
    private static partial Regex AwsRegionName();

    /// <summary>family.size (t3.medium, c7g.2xlarge); families may hold a '-' (m7i-flex.large, u-6tb1.metal).</summary>
    [GeneratedRegex(@"\A[a-z][a-z0-9-]*\.[a-z0-9]+\z", RegexOptions.CultureInvariant)]
    private static partial Regex InstanceType();

    /// <summary>AMI ids are ami- and 8 (older) or 17 hex digits.</summary>
    [GeneratedRegex(@"\Aami-[0-9a-f]{8,17}\z", RegexOptions.CultureInvariant)]
    private static partial Regex AmiId();
}
