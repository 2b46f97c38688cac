using System.Collections.Immutable;
using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace Meridian.Core.Spec.Loading;

/// <summary>
/// Reads the optional <c>wan.jitter</c> and <c>wan.loss</c>: either one value for every link, or a mapping of region
/// pairs "a~b" to values, the shape of <c>wan.rtt</c> (docs/spec.md#wan). Only valid entries are returned; a pair left
/// out has no jitter or loss declared.
/// </summary>
internal static class ImpairmentReader
{
    /// <summary>
    /// A link losing more than this is down for practical purposes: over TCP every lost segment costs a retransmission
    /// timeout, and the derived Galera timeouts would grow past any useful failover time (docs/performance.md#failover).
    /// </summary>
    public const double MaxLossPercent = 20;

    private const string JitterPath = "wan.jitter";
    private const string LossPath = "wan.loss";
    private const string JitterExpected = "a jitter: 5ms, 0.01s, a bare number of milliseconds, or a percentage of the pair's RTT such as 5%";
    private const string LossExpected = "a loss per packet and direction: 0.5% (or a bare number of percent)";

    public static WanImpairments Read(
        YamlNode? jitterNode, YamlNode? lossNode, ImmutableArray<RegionDraft> regions, IReadOnlyDictionary<RegionPair, TimeSpan> rtt, DiagnosticBag bag)
    {
        var declared = regions.Where(r => r.Name is not null).Select(r => r.Name!).Distinct(StringComparer.Ordinal).ToList();
        var valid = regions.Where(r => r.NameIsValid).Select(r => r.Name!).Distinct(StringComparer.Ordinal).ToList();
        TimeSpan RttOf(RegionPair pair) => rtt.TryGetValue(pair, out var value) ? value : RttMatrix.DefaultRtt;

        var jitter = ReadEach(jitterNode, JitterPath, "5ms", declared, valid, bag, (node, path, pair) => ReadJitter(node, path, RttOf(pair), bag));
        var loss = ReadEach(lossNode, LossPath, "0.5%", declared, valid, bag, (node, path, _) => ReadLoss(node, path, bag));
        return WanImpairments.From(jitter, loss);
    }

    /// <summary>A scalar applies to every pair of valid regions; a mapping to the pairs it names.</summary>
    private static Dictionary<RegionPair, T> ReadEach<T>(
        YamlNode? node, string path, string example, List<string> declared, List<string> valid, DiagnosticBag bag, Func<YamlNode, string, RegionPair, T?> read)
        where T : struct
    {
        var result = new Dictionary<RegionPair, T>();
        if (node is null || ScalarReader.IsNull(node))
        {
            return result;
        }

        if (node is YamlScalarNode)
        {
            // One value for every link. A percentage of the RTT is resolved per pair, so each pair is read; the
            // readers return null only after reporting, so a problem is reported once, for the first pair it affects.
            for (var i = 0; i < valid.Count; i++)
            {
                for (var j = i + 1; j < valid.Count; j++)
                {
                    var pair = new RegionPair(valid[i], valid[j]);
                    if (read(node, path, pair) is not { } value)
                    {
                        return [];
                    }

                    result[pair] = value;
                }
            }

            return result;
        }

        if (node is not YamlMappingNode mapping)
        {
            bag.Error(
                node.Start,
                DiagnosticCodes.WrongType,
                $"'{path}' must be one value for every link or a mapping of region pairs to values, not {ScalarReader.Describe(node)}",
                $"write '{path[4..]}: {example}' for every link, or one 'a~b: {example}' line per pair, indented under '{path[4..]}:'");
            return result;
        }

        var seen = new Dictionary<RegionPair, YamlNode>();
        foreach (var (keyNode, valueNode) in mapping.Children)
        {
            var pair = RttReader.ReadPair(keyNode, path, declared, seen, bag);
            var entryPath = $"{path}.{SpecText.Echo((keyNode as YamlScalarNode)?.Value ?? string.Empty)}";
            if (pair is { } validPair && read(valueNode, entryPath, validPair) is { } value)
            {
                result[validPair] = value;
            }
        }

        return result;
    }

    private static TimeSpan? ReadJitter(YamlNode node, string path, TimeSpan rtt, DiagnosticBag bag)
    {
        if (ScalarReader.ReadText(node, path, JitterExpected, bag) is not { } text)
        {
            return null;
        }

        var trimmed = text.Trim();
        double milliseconds;
        if (trimmed.EndsWith('%'))
        {
            if (!TryParseNumber(trimmed[..^1], out var percent))
            {
                bag.Error(node.Start, DiagnosticCodes.InvalidJitterValue, $"'{path}' is '{SpecText.Echo(text)}', which is not a jitter", $"write {JitterExpected}");
                return null;
            }

            milliseconds = rtt.TotalMilliseconds * percent / 100;
        }
        else if (!RttText.TryParseMilliseconds(trimmed, out milliseconds))
        {
            bag.Error(node.Start, DiagnosticCodes.InvalidJitterValue, $"'{path}' is '{SpecText.Echo(text)}', which is not a jitter", $"write {JitterExpected}");
            return null;
        }

        if (milliseconds < 0)
        {
            bag.Error(node.Start, DiagnosticCodes.InvalidJitterValue, $"'{path}' is '{SpecText.Echo(text)}', which is negative", "a jitter is the ± spread of the delay: write 0 or more, e.g. 5ms or 5%");
            return null;
        }

        // The lab delays each direction by RTT/2 ± jitter; at half the RTT or more a packet could arrive before it
        // was sent, and no real path behaves so.
        if (milliseconds >= rtt.TotalMilliseconds / 2)
        {
            bag.Error(
                node.Start,
                DiagnosticCodes.JitterTooLarge,
                $"'{path}' is {milliseconds:0.###} ms, not less than half the pair's RTT of {rtt.TotalMilliseconds:0.###} ms",
                "wan.jitter is the ± spread of each direction's one-way delay (RTT/2): keep it below that, e.g. 5% of the RTT, or raise wan.rtt");
            return null;
        }

        return TimeSpan.FromMilliseconds(milliseconds);
    }

    private static double? ReadLoss(YamlNode node, string path, DiagnosticBag bag)
    {
        if (ScalarReader.ReadText(node, path, LossExpected, bag) is not { } text)
        {
            return null;
        }

        var trimmed = text.Trim();
        if (!TryParseNumber(trimmed.EndsWith('%') ? trimmed[..^1] : trimmed, out var percent))
        {
            bag.Error(node.Start, DiagnosticCodes.InvalidLossValue, $"'{path}' is '{SpecText.Echo(text)}', which is not a percentage", $"write {LossExpected}");
            return null;
        }

        if (percent is < 0 or > MaxLossPercent)
        {
            bag.Error(
                node.Start,
                DiagnosticCodes.InvalidLossValue,
                $"'{path}' is {percent:0.####} %; a loss must be between 0 % and {MaxLossPercent} %",
                percent < 0 ? "write 0 or more, e.g. 0.5%" : "write the loss in percent (0.5% is 0.5, not 50); a link losing more than 20 % is down");
            return null;
        }

        return percent / 100;
    }

    private static bool TryParseNumber(string text, out double value) =>
        double.TryParse(text.Trim(), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
}
