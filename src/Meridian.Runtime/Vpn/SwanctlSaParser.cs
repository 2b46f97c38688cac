using System.Collections.Immutable;
using System.Globalization;

namespace Meridian.Runtime.Vpn;

/// <summary>
/// Parses <c>swanctl --list-sas --pretty</c>. Pretty output puts one element per line (<c>key = value</c>,
/// <c>name {</c>, <c>name = [</c>, <c>}</c>, <c>]</c>), so values with spaces, such as distinguished names, survive;
/// the one-line <c>--raw</c> form is ambiguous for them. Pure: no I/O.
/// </summary>
public static class SwanctlSaParser
{
    /// <summary>Each <c>list-sa event</c> message holds one IKE_SA section, named after its connection.</summary>
    public static ImmutableArray<IkeSaStatus> Parse(string output)
    {
        ArgumentNullException.ThrowIfNull(output);
        return [.. ParseTree(output).SelectMany(message => message.Sections).Select(ToIkeSa)];
    }

    /// <summary>The top-level messages (e.g. "list-sa event") as trees.</summary>
    public static ImmutableArray<ViciPrettyNode> ParseTree(string output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var lines = output.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToArray();
        var position = 0;
        var messages = ImmutableArray.CreateBuilder<ViciPrettyNode>();
        while (position < lines.Length)
        {
            var line = lines[position++];
            if (line.EndsWith('{'))
            {
                messages.Add(ParseSection(line[..^1].Trim(), lines, ref position));
            }

            // Anything else at the top level is swanctl's own chatter, not a message.
        }

        return messages.ToImmutable();
    }

    private static ViciPrettyNode ParseSection(string name, string[] lines, ref int position)
    {
        var values = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        var lists = ImmutableDictionary.CreateBuilder<string, ImmutableArray<string>>(StringComparer.Ordinal);
        var sections = ImmutableArray.CreateBuilder<ViciPrettyNode>();
        while (position < lines.Length)
        {
            var line = lines[position++];
            if (line == "}")
            {
                return new ViciPrettyNode(name, values.ToImmutable(), lists.ToImmutable(), sections.ToImmutable());
            }

            if (line.EndsWith('{'))
            {
                sections.Add(ParseSection(line[..^1].Trim(), lines, ref position));
                continue;
            }

            var equals = line.IndexOf(" = ", StringComparison.Ordinal);
            if (equals < 0)
            {
                throw new FormatException($"Unexpected line in swanctl output: '{line}'.");
            }

            var key = line[..equals];
            var value = line[(equals + 3)..];
            if (value == "[")
            {
                var items = ImmutableArray.CreateBuilder<string>();
                while (position < lines.Length && lines[position] != "]")
                {
                    items.Add(lines[position++]);
                }

                position++; // the closing ']'
                lists[key] = items.ToImmutable();
            }
            else
            {
                values[key] = value;
            }
        }

        throw new FormatException($"Section '{name}' in swanctl output is not closed.");
    }

    private static IkeSaStatus ToIkeSa(ViciPrettyNode ike) => new(
        ike.Name,
        Number(ike.Value("uniqueid")),
        ike.Value("state") ?? string.Empty,
        ike.Value("local-host") ?? string.Empty,
        ike.Value("remote-host") ?? string.Empty,
        ike.Value("initiator") == "yes",
        [.. (ike.Section("child-sas")?.Sections ?? []).Select(ToChildSa)]);

    private static ChildSaStatus ToChildSa(ViciPrettyNode child) => new(
        child.Value("name") ?? child.Name,
        Number(child.Value("uniqueid")),
        child.Value("state") ?? string.Empty,
        child.Value("mode") ?? string.Empty,
        child.Value("encap") == "yes",
        child.List("local-ts"),
        child.List("remote-ts"),
        Number(child.Value("bytes-in")),
        Number(child.Value("packets-in")),
        Number(child.Value("bytes-out")),
        Number(child.Value("packets-out")))
    {
        SpiIn = child.Value("spi-in"),
        SpiOut = child.Value("spi-out"),
    };

    private static long Number(string? text) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : 0;
}
