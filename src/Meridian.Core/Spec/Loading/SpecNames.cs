using System.Text;
using System.Text.RegularExpressions;

namespace Meridian.Core.Spec.Loading;

/// <summary>
/// Syntax of the names in a spec, and a corrected name to offer in a fix hint.
/// Cluster and region names end up in network namespace names (<c>mrd-&lt;cluster&gt;--&lt;host&gt;</c>),
/// host names and certificate names, hence RFC 1123 DNS labels (https://www.rfc-editor.org/rfc/rfc1123#page-13): lowercase
/// letters, digits and '-', not ending in '-', and — stricter than the RFC — starting with a letter and without "--".
/// No "--" in a name is what makes "--" an unambiguous separator in namespace names (<c>Planner.NamespaceName</c>).
/// Database identifiers follow MariaDB's unquoted identifier rules, kept to ASCII:
/// https://mariadb.com/kb/en/identifier-names/ (user names are at most 32 characters since 10.0:
/// https://mariadb.com/kb/en/create-user/#user-name-component).
/// </summary>
internal static partial class SpecNames
{
    public const int ClusterMaxLength = 16;
    public const int RegionMaxLength = 24;
    public const int DatabaseMaxLength = 64;
    public const int UserMaxLength = 32;

    // \z rather than $: '$' also matches before a trailing newline, which a YAML block scalar can carry.
    /// <summary>Letters and digits in groups joined by single hyphens: "a", "eu-west-1"; not "a-", "a--b", "-a".</summary>
    [GeneratedRegex(@"\A[a-z][a-z0-9]*(-[a-z0-9]+)*\z", RegexOptions.CultureInvariant)]
    private static partial Regex LabelPattern();

    [GeneratedRegex(@"\A[A-Za-z_][A-Za-z0-9_]{0,63}\z", RegexOptions.CultureInvariant)]
    private static partial Regex DatabasePattern();

    [GeneratedRegex(@"\A[A-Za-z_][A-Za-z0-9_]{0,31}\z", RegexOptions.CultureInvariant)]
    private static partial Regex UserPattern();

    public static bool IsClusterName(string name) => name.Length <= ClusterMaxLength && LabelPattern().IsMatch(name);

    public static bool IsRegionName(string name) => name.Length <= RegionMaxLength && LabelPattern().IsMatch(name);

    public static bool IsDatabaseName(string name) => DatabasePattern().IsMatch(name);

    public static bool IsUserName(string name) => UserPattern().IsMatch(name);

    /// <summary>"US_East 1" → "us-east-1": lowercase, other characters to '-', a letter first, cut to length.</summary>
    public static string SuggestLabel(string name, int maxLength, string fallback)
    {
        var builder = new StringBuilder();
        foreach (var c in name.ToLowerInvariant())
        {
            var mapped = c is (>= 'a' and <= 'z') or (>= '0' and <= '9') ? c : '-';
            if (builder.Length == 0 && mapped is not (>= 'a' and <= 'z'))
            {
                continue;
            }

            if (mapped == '-' && builder.Length > 0 && builder[^1] == '-')
            {
                continue;
            }

            builder.Append(mapped);
        }

        var suggestion = builder.ToString();
        suggestion = suggestion[..Math.Min(suggestion.Length, maxLength)].TrimEnd('-');
        return suggestion.Length == 0 ? fallback : suggestion;
    }

    /// <summary>"app-db" → "app_db": other characters to '_', no leading digit, cut to length.</summary>
    public static string SuggestIdentifier(string name, int maxLength, string fallback)
    {
        var builder = new StringBuilder();
        foreach (var c in name)
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) ? c : '_');
        }

        if (builder.Length > 0 && char.IsAsciiDigit(builder[0]))
        {
            builder.Insert(0, '_');
        }

        var suggestion = builder.ToString();
        suggestion = suggestion[..Math.Min(suggestion.Length, maxLength)];
        return suggestion.Length == 0 ? fallback : suggestion;
    }
}
