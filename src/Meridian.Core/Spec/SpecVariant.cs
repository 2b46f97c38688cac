using System.Globalization;
using Meridian.Core.Spec.Loading;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Meridian.Core.Spec;

/// <summary>
/// Writes variants of one spec for benchmarks that compare configurations (bench/wan-perf.sh): the same regions and
/// RTTs, another cluster name, Galera tuning profile or node count. Pure text → text. It edits YamlDotNet's
/// representation model rather than the text, so flow and block styles both work
/// (https://github.com/aaubry/YamlDotNet/wiki/Samples.LoadingAYamlStream); comments are lost on the way.
/// The result is not validated here: load it with <see cref="SpecLoader.Parse"/> for file:line diagnostics.
/// </summary>
public static class SpecVariant
{
    /// <exception cref="YamlException">The text is not YAML.</exception>
    /// <exception cref="ArgumentException">The YAML is not shaped like a spec where the variant has to edit it.</exception>
    public static string Apply(string yaml, SpecVariantOptions options)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Cluster, nameof(options));

        var stream = new YamlStream();
        // The same limits as the loader (SpecLimits): the base spec is user input.
        stream.Load(new LimitedParser(new Parser(new StringReader(yaml))));
        if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new ArgumentException("the spec must be one YAML document whose top level is a mapping", nameof(yaml));
        }

        Set(root, "cluster", new YamlScalarNode(options.Cluster));

        if (options.Tuning is { } tuning)
        {
            Set(GaleraSection(root, yaml), "tuning", new YamlScalarNode(ScalarReader.ChoiceName(tuning)));
        }

        if (options.Segments is { } segments)
        {
            Set(GaleraSection(root, yaml), "segments", new YamlScalarNode(segments ? "true" : "false"));
        }

        if (options.NodesPerRegion is { } nodes)
        {
            if (Get(root, "regions") is not YamlSequenceNode regions)
            {
                throw new ArgumentException("'regions' must be a list to set nodes per region", nameof(yaml));
            }

            foreach (var region in regions.Children)
            {
                if (region is not YamlMappingNode regionMapping)
                {
                    throw new ArgumentException("every entry of 'regions' must be a mapping to set nodes per region", nameof(yaml));
                }

                Set(regionMapping, "nodes", new YamlScalarNode(nodes.ToString(CultureInfo.InvariantCulture)));
            }
        }

        var output = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        stream.Save(output, assignAnchors: false);
        return output.ToString();
    }

    private static YamlNode? Get(YamlMappingNode mapping, string key) =>
        mapping.Children.FirstOrDefault(c => c.Key is YamlScalarNode { Value: { } k } && k == key).Value;

    /// <summary>Replaces the value of <paramref name="key"/> where it stands (keeping the key order), or appends it.</summary>
    private static TNode Set<TNode>(YamlMappingNode mapping, string key, TNode value)
        where TNode : YamlNode
    {
        var existing = mapping.Children.Keys.FirstOrDefault(k => k is YamlScalarNode { Value: { } name } && name == key);
        mapping.Children[existing ?? new YamlScalarNode(key)] = value;
        return value;
    }

    private static YamlMappingNode GaleraSection(YamlMappingNode root, string yaml) => Get(root, "galera") switch
    {
        // `galera:` with no value means "all defaults" to the loader; a mapping keeps that meaning.
        null or YamlScalarNode { Value: null or "" or "~" or "null" } => Set(root, "galera", new YamlMappingNode()),
        YamlMappingNode mapping => mapping,
        _ => throw new ArgumentException($"'galera' must be a mapping in: {yaml.Split('\n')[0]}…", nameof(yaml)),
    };
}
