using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Meridian.Ec2Fake;

/// <summary>
/// Turns the request log into stable text for golden files: generated ids (vpc-…, i-…, eipalloc-…) and per-run values
/// (ClientToken, imported key material, user data) become placeholders numbered in order of first appearance, so the same
/// request sequence always reads the same.
/// </summary>
public static partial class RequestLogNormalizer
{
    private static readonly HashSet<string> PerRunParameters = new(StringComparer.Ordinal) { "ClientToken", "PublicKeyMaterial", "UserData" };

    public static string Normalize(IEnumerable<RequestRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var placeholders = new Dictionary<string, string>(StringComparer.Ordinal);
        var counters = new Dictionary<string, int>(StringComparer.Ordinal);
        string Placeholder(string kind, string value)
        {
            if (!placeholders.TryGetValue(value, out var placeholder))
            {
                counters[kind] = counters.GetValueOrDefault(kind) + 1;
                placeholders[value] = placeholder = $"<{kind}-{counters[kind]}>";
            }

            return placeholder;
        }

        var text = new StringBuilder();
        foreach (var record in records)
        {
            text.Append(record.Region).Append(' ').Append(record.Action);
            foreach (var parameter in record.Parameters)
            {
                var (name, value) = parameter.IndexOf('=', StringComparison.Ordinal) is var eq and >= 0 ? (parameter[..eq], parameter[(eq + 1)..]) : (parameter, string.Empty);
                value = PerRunParameters.Contains(name)
                    ? Placeholder(name, value)
                    : GeneratedId().Replace(value, m => Placeholder(m.Groups["prefix"].Value, m.Value));
                text.Append("\n    ").Append(name).Append('=').Append(value);
            }

            if (record.ErrorCode is not null)
            {
                text.Append("\n    → ").Append(record.ErrorCode);
            }

            text.Append('\n');
        }

        return text.ToString();
    }

    /// <summary>The same for the JSON of <c>GET /_fake/requests</c>.</summary>
    public static string NormalizeJson(string json) =>
        Normalize(JsonSerializer.Deserialize<List<RequestRecord>>(json, JsonSerializerOptions.Web) ?? []);

    [GeneratedRegex(@"\b(?<prefix>vpc|subnet|igw|rtb|rtbassoc|sg|eipalloc|eipassoc|i|eni|key|pcx|ami|r)-[0-9a-f]{8,17}\b", RegexOptions.CultureInvariant)]
    private static partial Regex GeneratedId();
}
