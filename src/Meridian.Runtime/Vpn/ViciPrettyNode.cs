using System.Collections.Immutable;

namespace Meridian.Runtime.Vpn;

/// <summary>
/// A section of a vici message as <c>swanctl --pretty</c> prints it: key/value pairs, lists and named subsections, in
/// order. vici messages are trees of exactly these three element kinds
/// (https://docs.strongswan.org/docs/latest/plugins/vici.html#_message_format).
/// </summary>
public sealed record ViciPrettyNode(
    string Name,
    ImmutableDictionary<string, string> Values,
    ImmutableDictionary<string, ImmutableArray<string>> Lists,
    ImmutableArray<ViciPrettyNode> Sections)
{
    public string? Value(string key) => Values.GetValueOrDefault(key);

    public ImmutableArray<string> List(string key) => Lists.GetValueOrDefault(key, []);

    public ViciPrettyNode? Section(string name) => Sections.FirstOrDefault(s => s.Name == name);
}
