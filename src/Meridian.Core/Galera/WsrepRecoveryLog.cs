using System.Globalization;
using System.Text.RegularExpressions;

namespace Meridian.Core.Galera;

/// <summary>
/// Reads the position `mariadbd --wsrep-recover` logs ("WSREP: Recovered position: UUID:SEQNO"), which is what
/// Debian's galera_recovery feeds to --wsrep-start-position. Without it, a node killed while running (grastate seqno -1)
/// starts from the undefined position and needs a full SST although InnoDB knows exactly where it stopped.
/// https://mariadb.com/kb/en/galera-cluster-system-variables/#wsrep_recover
/// </summary>
public static partial class WsrepRecoveryLog
{
    /// <summary>The last recovered position in the log, or null if none (or only the undefined one) was logged.</summary>
    public static (Guid Uuid, long Seqno)? TryParsePosition(string log)
    {
        ArgumentNullException.ThrowIfNull(log);
        var matches = RecoveredPosition().Matches(log);
        if (matches.Count == 0)
        {
            return null;
        }

        var last = matches[^1];
        var uuid = Guid.Parse(last.Groups["uuid"].Value);
        var seqno = long.Parse(last.Groups["seqno"].Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        return uuid == Guid.Empty || seqno < 0 ? null : (uuid, seqno);
    }

    [GeneratedRegex(@"WSREP: Recovered position:\s+(?<uuid>[0-9a-fA-F-]{36}):(?<seqno>-?\d+)")]
    private static partial Regex RecoveredPosition();
}
