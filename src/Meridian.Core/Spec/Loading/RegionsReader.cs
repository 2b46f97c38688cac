using System.Collections.Immutable;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Meridian.Core.Spec.Loading;

/// <summary>Reads the <c>regions</c> list and checks what involves several regions: names, networks, node totals.</summary>
internal static class RegionsReader
{
    public static readonly IReadOnlyList<string> Keys = ["name", "cidr", "nodes", "arbitrator", "hosts", "aws"];

    /// <summary>A /16 (65,536 addresses) is the largest block one site normally needs; a /8 is almost always a typo for /24.</summary>
    public const int ShortestPrefix = 16;

    /// <summary>
    /// The planner puts the router at .10, data nodes at .20–.28 and the arbitrator at .30; in a /28 (16 addresses,
    /// last host .14) it packs nodes at .1–.9 and the arbitrator at .11 (<c>Planner.NodeHostNumber</c>).
    /// </summary>
    public const int LongestPrefix = 28;

    public const int MaxNodes = 9;

    public static ImmutableArray<RegionDraft> Read(YamlNode node, DiagnosticBag bag)
    {
        if (node is not YamlSequenceNode list)
        {
            var (code, message) = ScalarReader.IsNull(node)
                ? (DiagnosticCodes.MissingValue, "'regions' has no value")
                : (DiagnosticCodes.WrongType, $"'regions' must be a list (- items), not {ScalarReader.Describe(node)}");
            bag.Error(node.Start, code, message, "list each region as '- name: us-east-1' with 'cidr: 192.168.1.0/24' under it; at least two regions");
            return [];
        }

        if (list.Children.Count > SpecLimits.MaxRegions)
        {
            // Only the first MaxRegions are read: every later check (overlaps, RTT pairs) grows with the square of the count.
            bag.Error(
                list.Children[SpecLimits.MaxRegions].Start,
                DiagnosticCodes.TooManyRegions,
                $"'regions' lists {list.Children.Count} regions; at most {SpecLimits.MaxRegions} are supported, and this is the {SpecLimits.MaxRegions + 1}th",
                $"keep {SpecLimits.MaxRegions} regions or fewer (each pair of regions gets an IPsec tunnel, each region an etcd member; docs/spec.md, \"Limits\"); put more nodes in a region with 'nodes' instead");
        }

        var drafts = list.Children
            .Take(SpecLimits.MaxRegions)
            .Select((item, index) => ReadRegion(item, index, bag))
            .OfType<RegionDraft>()
            .ToImmutableArray();

        if (list.Children.Count < 2)
        {
            bag.Error(
                list.Start,
                DiagnosticCodes.TooFewRegions,
                $"'regions' lists {list.Children.Count} region(s); a stretched cluster needs at least 2",
                "add another region, e.g. '- name: us-west-2' with 'cidr: 192.168.2.0/24'; 3 or more survive the loss of any one (a region with nodes: 0 is enough as the third)");
        }

        CheckDuplicateNames(drafts, bag);
        CheckOverlaps(drafts, bag);
        CheckDataNodesExist(drafts, list.Start, bag);
        return drafts;
    }

    private static RegionDraft? ReadRegion(YamlNode item, int index, DiagnosticBag bag)
    {
        var path = $"regions[{index}]";
        if (MappingReader.Open(item, path, Keys, bag) is not { } region)
        {
            return null;
        }

        var (name, nameAt, nameIsValid) = ReadName(region, bag);
        var (cidr, cidrAt) = ReadCidr(region, index, bag);

        int? nodes = 1;
        if (region.TryGet("nodes", out var nodesNode))
        {
            nodes = ScalarReader.ReadInt(nodesNode, region.PathOf("nodes"), $"a number of data nodes from 0 to {MaxNodes}, e.g. nodes: 1", bag);
            if (nodes is < 0 or > MaxNodes)
            {
                bag.Error(
                    nodesNode.Start,
                    DiagnosticCodes.NodeCountOutOfRange,
                    $"'{region.PathOf("nodes")}' is {nodes}; a region holds 0 to {MaxNodes} data nodes",
                    nodes < 0
                        ? "write nodes: 0 for a region without data (it then runs an arbitrator)"
                        : $"write nodes: {MaxNodes} or fewer, and spread the rest over other regions (host addresses .20–.28 are reserved for nodes)");
                nodes = null;
            }
        }

        // garbd in a data-less region is what makes "2 data regions + 1 small region" survive a region loss.
        bool? arbitrator = nodes == 0;
        if (region.TryGet("arbitrator", out var arbitratorNode))
        {
            arbitrator = ScalarReader.ReadBool(arbitratorNode, region.PathOf("arbitrator"), bag);
            if (arbitrator == false && nodes == 0)
            {
                bag.Warning(
                    arbitratorNode.Start,
                    DiagnosticCodes.RegionWithoutVote,
                    $"{RegionDraft.LabelOf(index, name)} has no data nodes and no arbitrator: it adds an etcd member and a router, but no Galera vote",
                    "delete 'arbitrator: false' to run garbd there (it votes in quorum, stores no data), or set nodes: 1 or more");
            }
        }

        return new RegionDraft(index, region.Start, name, nameAt, nameIsValid, cidr, cidrAt, nodes, arbitrator)
        {
            HostsNode = region.TryGet("hosts", out var hostsNode) ? hostsNode : null,
            AwsNode = region.TryGet("aws", out var awsNode) ? awsNode : null,
        };
    }

    /// <summary>An invalid name is still returned (with IsValid false) so later checks don't call it unknown.</summary>
    private static (string? Name, Mark At, bool IsValid) ReadName(MappingReader region, DiagnosticBag bag)
    {
        const string expected = "a region name such as us-east-1";
        if (region.Required("name", expected) is not { } node)
        {
            return (null, region.Start, false);
        }

        if (ScalarReader.ReadText(node, region.PathOf("name"), expected, bag) is not { } name)
        {
            return (null, node.Start, false);
        }

        if (!SpecNames.IsRegionName(name))
        {
            bag.Error(
                node.Start,
                DiagnosticCodes.InvalidRegionName,
                $"region name '{SpecText.Echo(name)}' is not valid: it must start with a lowercase letter, use only a-z, 0-9 and single '-' between them (no '--', no '-' at the end), and have at most {SpecNames.RegionMaxLength} characters",
                $"write e.g. name: {SpecNames.SuggestLabel(name, SpecNames.RegionMaxLength, "region-a")} (region names go into namespace, host and certificate names)");
            return (name, node.Start, false);
        }

        return (name, node.Start, true);
    }

    private static (Ipv4Cidr? Cidr, Mark At) ReadCidr(MappingReader region, int index, DiagnosticBag bag)
    {
        if (!region.TryGet("cidr", out var node))
        {
            // Same default as the built-in topology: the n-th region gets 192.168.n.0/24.
            if (index < 254)
            {
                return (Ipv4Cidr.Parse($"192.168.{index + 1}.0/24"), region.Start);
            }

            region.Required("cidr", "an IPv4 network such as 10.0.1.0/24");
            return (null, region.Start);
        }

        var path = region.PathOf("cidr");
        if (ScalarReader.ReadText(node, path, "an IPv4 network such as 192.168.1.0/24", bag) is not { } text)
        {
            return (null, node.Start);
        }

        if (!Ipv4Cidr.TryParse(text, out var cidr, out var error))
        {
            bag.Error(node.Start, DiagnosticCodes.InvalidCidr, $"'{path}' {SpecText.Echo(error, 160, 120)}", "write an IPv4 network in CIDR notation with the host bits zero, e.g. 192.168.1.0/24");
            return (null, node.Start);
        }

        if (cidr.Value.Prefix is < ShortestPrefix or > LongestPrefix)
        {
            bag.Error(
                node.Start,
                DiagnosticCodes.CidrPrefixOutOfRange,
                $"'{path}' is a /{cidr.Value.Prefix}; a region's network must be between /{ShortestPrefix} and /{LongestPrefix}",
                cidr.Value.Prefix > LongestPrefix
                    ? $"use at least a /{LongestPrefix} (the router is .10, nodes .20–.28, the arbitrator .30), e.g. {new Ipv4Cidr(cidr.Value.Network & 0xFFFFFF00u, 24)}"
                    : $"use a smaller network such as {Ipv4Cidr.FormatAddress(cidr.Value.Network)}/24");
            return (null, node.Start);
        }

        if (cidr.Value.Overlaps(Ipv4Cidr.WanRange))
        {
            bag.Error(
                node.Start,
                DiagnosticCodes.CidrOverlapsWan,
                $"'{path}' {cidr} overlaps {Ipv4Cidr.WanRange}, which the lab uses for the routers' emulated public addresses",
                "pick a private network outside 198.18.0.0/15, e.g. 192.168.1.0/24 or 10.1.0.0/24");
            return (null, node.Start);
        }

        return (cidr, node.Start);
    }

    private static void CheckDuplicateNames(ImmutableArray<RegionDraft> drafts, DiagnosticBag bag)
    {
        var firstByName = new Dictionary<string, RegionDraft>(StringComparer.Ordinal);
        foreach (var draft in drafts.Where(d => d.Name is not null))
        {
            if (firstByName.TryGetValue(draft.Name!, out var first))
            {
                bag.Error(
                    draft.NameAt,
                    DiagnosticCodes.DuplicateRegionName,
                    $"region name '{SpecText.Echo(draft.Name!)}' is used twice (first at line {first.NameAt.Line})",
                    "give every region its own name; to put more nodes in one region, raise its 'nodes' instead");
                continue;
            }

            firstByName[draft.Name!] = draft;
        }
    }

    private static void CheckOverlaps(ImmutableArray<RegionDraft> drafts, DiagnosticBag bag)
    {
        for (var j = 0; j < drafts.Length; j++)
        {
            if (drafts[j].Cidr is not { } later)
            {
                continue;
            }

            var earlier = drafts.Take(j).FirstOrDefault(d => d.Cidr is { } cidr && cidr.Overlaps(later));
            if (earlier is not null)
            {
                bag.Error(
                    drafts[j].CidrAt,
                    DiagnosticCodes.CidrOverlap,
                    $"{drafts[j].Label} network {later} overlaps {earlier.Label} network {earlier.Cidr} (line {earlier.CidrAt.Line})",
                    $"give every region its own network, e.g. cidr: {FreeNetwork(drafts)}; the VPN routes each region's network to one tunnel");
            }
        }
    }

    /// <summary>The first 192.168.n.0/24 that no region uses: a concrete value for a fix hint.</summary>
    private static Ipv4Cidr FreeNetwork(ImmutableArray<RegionDraft> drafts)
    {
        for (var n = 1; n < 255; n++)
        {
            var candidate = Ipv4Cidr.Parse($"192.168.{n}.0/24");
            if (!drafts.Any(d => d.Cidr is { } cidr && cidr.Overlaps(candidate)))
            {
                return candidate;
            }
        }

        return Ipv4Cidr.Parse("10.0.0.0/24");
    }

    private static void CheckDataNodesExist(ImmutableArray<RegionDraft> drafts, Mark at, DiagnosticBag bag)
    {
        if (drafts.Length > 0 && drafts.All(d => d.Nodes == 0))
        {
            bag.Error(
                at,
                DiagnosticCodes.NoDataNodes,
                $"no region has data nodes: all {drafts.Length} regions have nodes: 0, so there is nowhere to store data",
                "set nodes: 1 or more in at least two regions (the default is 1)");
        }
    }
}
