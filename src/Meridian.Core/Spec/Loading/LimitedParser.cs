using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Meridian.Core.Spec.Loading;

/// <summary>
/// A YamlDotNet parser that enforces <see cref="SpecLimits"/> on the event stream: nesting depth, number of values
/// and scalar length. YamlDotNet's parser keeps its state on the heap, but its representation model builds nodes
/// recursively; checking each event as it is pulled stops before anything deep or large is built
/// (https://github.com/aaubry/YamlDotNet/wiki/Samples.LoadingAYamlStream). An alias counts as every value of the node
/// it stands for: the model shares aliased nodes, but hashes and compares mapping keys through them, so ten levels of
/// ten aliases ("billion laughs") hung the loader. At the first limit passed it records
/// <see cref="Exceeded"/> and throws a <see cref="YamlException"/>, so the load stops there.
/// </summary>
internal sealed class LimitedParser(IParser inner) : IParser
{
    private readonly Dictionary<string, int> anchorSizes = new(StringComparer.Ordinal);

    /// <summary>Open mappings and lists: their anchor (or null) and the value count where they started.</summary>
    private readonly Stack<(string? Anchor, int StartValues)> open = new();
    private int depth;
    private int values;

    public ParsingEvent? Current => inner.Current;

    /// <summary>The limit that stopped parsing, or null.</summary>
    public SpecLimitExceeded? Exceeded { get; private set; }

    public bool MoveNext()
    {
        if (!inner.MoveNext())
        {
            return false;
        }

        switch (inner.Current)
        {
            case MappingStart or SequenceStart:
                open.Push((AnchorOf((NodeEvent)inner.Current), values));
                Count(inner.Current, 1);
                if (++depth > SpecLimits.MaxDepth)
                {
                    Stop(
                        inner.Current.Start,
                        inner.Current.End,
                        DiagnosticCodes.NestingTooDeep,
                        string.Create(CultureInfo.InvariantCulture, $"the spec nests lists and mappings more than {SpecLimits.MaxDepth} levels deep; reading stopped here"),
                        "a spec needs 3 levels (top level, regions, one region): remove the extra '[' / '{' or indentation");
                }

                break;
            case MappingEnd or SequenceEnd:
                depth--;
                if (open.TryPop(out var closed) && closed.Anchor is { } anchor)
                {
                    anchorSizes[anchor] = values - closed.StartValues;
                }

                break;
            case Scalar scalar:
                Count(scalar, 1);
                if (AnchorOf(scalar) is { } scalarAnchor)
                {
                    anchorSizes[scalarAnchor] = 1;
                }

                if (scalar.Value.Length > SpecLimits.MaxScalarLength)
                {
                    Stop(
                        scalar.Start,
                        scalar.End,
                        DiagnosticCodes.ValueTooLong,
                        string.Create(CultureInfo.InvariantCulture, $"a value of {scalar.Value.Length} characters ('{SpecText.Echo(scalar.Value)}'); no value in a spec is longer than {SpecLimits.MaxScalarLength}"),
                        "names are at most 64 characters (docs/spec.md): shorten the value, or close the quote that swallowed the lines after it");
                }

                break;
            case AnchorAlias alias:
                Count(alias, anchorSizes.TryGetValue(alias.Value.Value, out var size) ? size : 1);
                break;
        }

        return true;
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private void Stop(Mark start, Mark end, string code, string message, string hint)
    {
        Exceeded = new SpecLimitExceeded(start, code, message, hint);
        throw new YamlException(start, end, message);
    }

    private static string? AnchorOf(NodeEvent node) => node.Anchor.IsEmpty ? null : node.Anchor.Value;

    private void Count(ParsingEvent parsingEvent, int count)
    {
        values += count;
        if (values > SpecLimits.MaxValues)
        {
            Stop(
                parsingEvent.Start,
                parsingEvent.End,
                DiagnosticCodes.TooManyValues,
                string.Create(CultureInfo.InvariantCulture, $"the spec holds more than {SpecLimits.MaxValues} values (keys, values, lists); reading stopped here"),
                string.Create(CultureInfo.InvariantCulture, $"a spec with the most regions allowed ({SpecLimits.MaxRegions}) and every RTT pair holds about 450: remove the repeated entries"));
        }
    }
}
