using System.Diagnostics.CodeAnalysis;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Meridian.Core.Spec.Loading;

/// <summary>
/// One YAML mapping of the spec with a fixed set of allowed keys. Opening it reports every unknown key
/// (with a did-you-mean) and every non-scalar key, so that a typo never silently falls back to a default.
/// </summary>
internal sealed class MappingReader
{
    private readonly Dictionary<string, YamlNode> values = new(StringComparer.Ordinal);
    private readonly DiagnosticBag bag;

    private MappingReader(Mark start, string path, DiagnosticBag bag)
    {
        Start = start;
        Path = path;
        this.bag = bag;
    }

    /// <summary>Where the mapping starts: the place to report a missing required key.</summary>
    public Mark Start { get; }

    /// <summary>Where the mapping sits in the spec, e.g. "regions[1]"; empty for the top level.</summary>
    public string Path { get; }

    /// <summary>
    /// Opens <paramref name="node"/> as a mapping. An empty value (<c>wan:</c>) reads as an empty mapping, so
    /// every key inside takes its default. Anything else that is not a mapping is reported and yields null.
    /// </summary>
    public static MappingReader? Open(YamlNode node, string path, IReadOnlyList<string> allowedKeys, DiagnosticBag bag)
    {
        var reader = new MappingReader(node.Start, path, bag);
        if (ScalarReader.IsNull(node))
        {
            return reader;
        }

        if (node is not YamlMappingNode mapping)
        {
            var where = path.Length == 0 ? "the spec" : $"'{path}'";
            bag.Error(
                node.Start,
                DiagnosticCodes.WrongType,
                $"{where} must be a mapping (key: value lines), not {ScalarReader.Describe(node)}",
                $"write it as indented 'key: value' lines; allowed keys: {string.Join(", ", allowedKeys)}");
            return null;
        }

        foreach (var (keyNode, value) in mapping.Children)
        {
            if (keyNode is not YamlScalarNode { Value: { } key })
            {
                bag.Error(keyNode.Start, DiagnosticCodes.WrongType, $"a key in {reader.Describe()} is {ScalarReader.Describe(keyNode)}, not a name", $"use one of: {string.Join(", ", allowedKeys)}");
                continue;
            }

            if (!allowedKeys.Contains(key, StringComparer.Ordinal))
            {
                bag.Error(
                    keyNode.Start,
                    DiagnosticCodes.UnknownKey,
                    $"unknown key '{SpecText.Echo(key)}' in {reader.Describe()}",
                    $"{SpellingSuggester.DidYouMean(key, allowedKeys)}allowed keys here: {string.Join(", ", allowedKeys)}");
                continue;
            }

            reader.values[key] = value;
        }

        return reader;
    }

    public string PathOf(string key) => Path.Length == 0 ? key : $"{Path}.{key}";

    public bool TryGet(string key, [NotNullWhen(true)] out YamlNode? value) => values.TryGetValue(key, out value);

    /// <summary>The value of a key the spec cannot do without; its absence is reported at the mapping's start.</summary>
    public YamlNode? Required(string key, string expected)
    {
        if (values.TryGetValue(key, out var value))
        {
            return value;
        }

        bag.Error(Start, DiagnosticCodes.MissingRequired, $"{Describe()} has no '{key}'", $"add '{key}: ' with {expected}");
        return null;
    }

    private string Describe() => Path.Length == 0 ? "the top level" : $"'{Path}'";
}
