using System.Collections.Immutable;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Meridian.Core.Spec.Loading;

/// <summary>
/// Reads <c>wan.rtt</c>: keys are region pairs "a~b", values round-trip times. Only fully valid entries are
/// returned; every pair the spec leaves out gets a warning here and <see cref="RttMatrix.DefaultRtt"/> later.
/// </summary>
internal static class RttReader
{
    public const double MinMilliseconds = 1;

    /// <summary>The longest real paths (e.g. South America to South-East Asia) are about 350 ms; 2 s means a unit typo.</summary>
    public const double MaxMilliseconds = 2000;

    private const string Path = "wan.rtt";

    public static ImmutableDictionary<RegionPair, TimeSpan> Read(YamlNode? rttNode, Mark fallback, ImmutableArray<RegionDraft> regions, DiagnosticBag bag)
    {
        var given = ImmutableDictionary.CreateBuilder<RegionPair, TimeSpan>();
        var declared = regions.Where(r => r.Name is not null).Select(r => r.Name!).Distinct(StringComparer.Ordinal).ToList();
        var seen = new Dictionary<RegionPair, YamlNode>();

        if (rttNode is YamlMappingNode mapping)
        {
            foreach (var (keyNode, valueNode) in mapping.Children)
            {
                // Both halves are read before deciding, so a bad key and a bad value are both reported.
                var pair = ReadPair(keyNode, Path, declared, seen, bag);
                var rtt = ReadRtt(valueNode, keyNode, bag);
                if (pair is { } validPair && rtt is { } validRtt)
                {
                    given[validPair] = validRtt;
                }
            }
        }
        else if (rttNode is not null && !ScalarReader.IsNull(rttNode))
        {
            bag.Error(
                rttNode.Start,
                DiagnosticCodes.WrongType,
                $"'{Path}' must be a mapping of region pairs to times, not {ScalarReader.Describe(rttNode)}",
                "write one 'a~b: 65ms' line per pair of regions, indented under 'rtt:'");
        }

        WarnAboutMissingPairs(rttNode?.Start ?? fallback, regions, given, bag);
        return given.ToImmutable();
    }

    /// <summary>
    /// Reads one region-pair key of <paramref name="path"/> (<c>wan.rtt</c>, <c>wan.jitter</c> or <c>wan.loss</c>):
    /// the same MRD050–053 rules for all three.
    /// </summary>
    public static RegionPair? ReadPair(YamlNode keyNode, string path, IReadOnlyList<string> declared, Dictionary<RegionPair, YamlNode> seen, DiagnosticBag bag)
    {
        if (keyNode is not YamlScalarNode { Value: { } key } || ScalarReader.IsNull(keyNode))
        {
            bag.Error(keyNode.Start, DiagnosticCodes.WrongType, $"a key in '{path}' is {ScalarReader.Describe(keyNode)}, not a region pair", "write the pair as 'us-east-1~us-west-2: 65ms'");
            return null;
        }

        if (!RegionPair.TryParse(key, out var pair))
        {
            bag.Error(
                keyNode.Start,
                DiagnosticCodes.InvalidRttKey,
                $"'{path}' key '{SpecText.Echo(key)}' is not a region pair",
                "join two region names with '~', e.g. 'us-east-1~us-west-2: 65ms'");
            return null;
        }

        if (pair.A == pair.B)
        {
            bag.Error(
                keyNode.Start,
                DiagnosticCodes.RttSelfPair,
                $"'{path}' key '{SpecText.Echo(key)}' pairs region '{SpecText.Echo(pair.A)}' with itself",
                "delete this line: traffic inside a region does not cross the WAN");
            return null;
        }

        var valid = true;
        foreach (var side in new[] { pair.A, pair.B }.Where(s => !declared.Contains(s, StringComparer.Ordinal)))
        {
            bag.Error(
                keyNode.Start,
                DiagnosticCodes.RttUnknownRegion,
                $"'{path}' key '{SpecText.Echo(key)}' names region '{SpecText.Echo(side)}', which 'regions' does not list",
                $"{SpellingSuggester.DidYouMean(side, declared)}the regions are: {string.Join(", ", declared)}");
            valid = false;
        }

        if (!valid)
        {
            return null;
        }

        if (seen.TryGetValue(pair, out var first))
        {
            bag.Error(
                keyNode.Start,
                DiagnosticCodes.RttDuplicatePair,
                $"'{path}' gives the pair {pair} twice: '{SpecText.Echo(key)}' here and '{SpecText.Echo(((YamlScalarNode)first).Value ?? string.Empty)}' at line {first.Start.Line}",
                "keep one of the two lines: a pair is the same in both directions");
            return null;
        }

        seen[pair] = keyNode;
        return pair;
    }

    private static TimeSpan? ReadRtt(YamlNode valueNode, YamlNode keyNode, DiagnosticBag bag)
    {
        const string expected = "a round-trip time: 65ms, 1.5s, or a bare number of milliseconds";
        var path = $"{Path}.{SpecText.Echo((keyNode as YamlScalarNode)?.Value ?? string.Empty)}";
        if (ScalarReader.ReadText(valueNode, path, expected, bag) is not { } text)
        {
            return null;
        }

        if (!RttText.TryParseMilliseconds(text, out var milliseconds))
        {
            bag.Error(valueNode.Start, DiagnosticCodes.InvalidRttValue, $"'{path}' is '{SpecText.Echo(text)}', which is not a time", $"write {expected}");
            return null;
        }

        if (milliseconds is < MinMilliseconds or > MaxMilliseconds)
        {
            bag.Error(
                valueNode.Start,
                DiagnosticCodes.RttOutOfRange,
                $"'{path}' is {milliseconds} ms; an RTT must be between {MinMilliseconds} ms and {MaxMilliseconds} ms",
                "check the unit ('65ms', not '65s'); real inter-region RTTs are about 10–350 ms");
            return null;
        }

        return TimeSpan.FromMilliseconds(milliseconds);
    }

    private static void WarnAboutMissingPairs(Mark at, ImmutableArray<RegionDraft> regions, ImmutableDictionary<RegionPair, TimeSpan>.Builder given, DiagnosticBag bag)
    {
        var names = regions.Where(r => r.NameIsValid).Select(r => r.Name!).Distinct(StringComparer.Ordinal).ToList();
        for (var i = 0; i < names.Count; i++)
        {
            for (var j = i + 1; j < names.Count; j++)
            {
                var pair = new RegionPair(names[i], names[j]);
                if (!given.ContainsKey(pair))
                {
                    bag.Warning(
                        at,
                        DiagnosticCodes.RttMissingPair,
                        $"no RTT for {names[i]}~{names[j]}; using the default {RttMatrix.DefaultRtt.TotalMilliseconds} ms",
                        $"add '{names[i]}~{names[j]}: <rtt>' under wan.rtt (e.g. the average of ping between the two regions); Galera's WAN timeouts are derived from it");
                }
            }
        }
    }
}
