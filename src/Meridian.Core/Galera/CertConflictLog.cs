using System.Globalization;
using System.Text.RegularExpressions;

namespace Meridian.Core.Galera;

/// <summary>
/// The certification conflicts Galera writes to the error log with <c>cert.log_conflicts=yes</c>
/// (https://galeracluster.com/library/kb/trouble/resolve-commit-failure.html): one "trx conflict for key …" entry
/// per failed write-set, which prints the losing transaction's seqnos: <c>g</c> its place in the total order and
/// <c>s</c> the last write-set its node had applied when it ran. g − s − 1 is how many write-sets were ordered
/// between what the transaction saw and itself, the window in which it could lose. Pure.
/// </summary>
public static partial class CertConflictLog
{
    public const string Marker = "trx conflict for key";

    /// <summary>For each conflict entry in <paramref name="log"/>, the write-sets ordered between the losing transaction's last seen one and itself (g − s − 1), or null where the entry has no seqnos.</summary>
    public static IReadOnlyList<long?> UnseenWriteSets(string log)
    {
        ArgumentNullException.ThrowIfNull(log);
        var result = new List<long?>();
        var at = log.IndexOf(Marker, StringComparison.Ordinal);
        while (at >= 0)
        {
            var next = log.IndexOf(Marker, at + Marker.Length, StringComparison.Ordinal);
            var entry = next < 0 ? log[at..] : log[at..next];
            var match = Seqnos().Match(entry);
            result.Add(match.Success
                ? long.Parse(match.Groups["g"].Value, CultureInfo.InvariantCulture) - long.Parse(match.Groups["s"].Value, CultureInfo.InvariantCulture) - 1
                : null);
            at = next;
        }

        return result;
    }

    [GeneratedRegex(@"seqnos \(l: -?\d+, g: (?<g>-?\d+), s: (?<s>-?\d+)")]
    private static partial Regex Seqnos();
}
