using System.Collections.Immutable;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Meridian.Ec2Fake.Api;

/// <summary>One filter of a Describe call: <c>Filter.N.Name</c> and its <c>Filter.N.Value.M</c>.</summary>
public sealed record Ec2Filter(string Name, ImmutableArray<string> Values);

/// <summary>One EC2 Query API call as the SDK sends it: form fields, flattened lists as <c>Name.N</c> / <c>Name.N.Field</c>.</summary>
public sealed partial class Ec2Request(string action, string region, string accessKeyId, IReadOnlyDictionary<string, string> parameters)
{
    public string Action { get; } = action;

    public string Region { get; } = region;

    public string AccessKeyId { get; } = accessKeyId;

    /// <summary>Every form field except Action and Version.</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; } = parameters;

    public string? Get(string name) => Parameters.TryGetValue(name, out var value) && value.Length > 0 ? value : null;

    public string Required(string name) => Get(name) ?? throw Ec2Exception.Missing(name);

    public int? Number(string name) => Get(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : null;

    public bool? Bool(string name) => Get(name) is { } v ? bool.Parse(v) : null;

    /// <summary><c>Prefix.1</c>, <c>Prefix.2</c>, … in index order.</summary>
    public ImmutableArray<string> List(string prefix) =>
        [.. Indexes(prefix, suffix: string.Empty).Select(n => Parameters[$"{prefix}.{n}"])];

    /// <summary>The indexes N for which <c>Prefix.N</c> + <paramref name="suffix"/> (e.g. ".Key") is present, ascending.</summary>
    public IEnumerable<int> Indexes(string prefix, string suffix)
    {
        var pattern = new Regex("^" + Regex.Escape(prefix) + @"\.(\d+)" + Regex.Escape(suffix) + (suffix.Length == 0 ? "$" : @"(\.|$)"), RegexOptions.CultureInvariant);
        return Parameters.Keys.Select(k => pattern.Match(k)).Where(m => m.Success)
            .Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).Distinct().Order();
    }

    public ImmutableArray<Ec2Filter> Filters() =>
        [.. Indexes("Filter", ".Name").Select(n => new Ec2Filter(Parameters[$"Filter.{n}.Name"], List($"Filter.{n}.Value")))];

    /// <summary>Tags of the TagSpecifications whose ResourceType is <paramref name="resourceType"/>.</summary>
    public Dictionary<string, string> TagsFor(string resourceType)
    {
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var n in Indexes("TagSpecification", ".ResourceType"))
        {
            if (Parameters[$"TagSpecification.{n}.ResourceType"] != resourceType)
            {
                continue;
            }

            foreach (var m in Indexes($"TagSpecification.{n}.Tag", ".Key"))
            {
                tags[Parameters[$"TagSpecification.{n}.Tag.{m}.Key"]] = Get($"TagSpecification.{n}.Tag.{m}.Value") ?? string.Empty;
            }
        }

        return tags;
    }

    /// <summary>The resource types the request's TagSpecifications name, to refuse one the action cannot tag.</summary>
    public IEnumerable<string> TaggedResourceTypes() =>
        Indexes("TagSpecification", ".ResourceType").Select(n => Parameters[$"TagSpecification.{n}.ResourceType"]);
}
