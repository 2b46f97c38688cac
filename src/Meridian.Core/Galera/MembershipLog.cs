namespace Meridian.Core.Galera;

/// <summary>
/// Counts Galera membership events in mariadbd error-log text (the lines gcomm writes through WSREP), for the
/// false-eviction benchmark (docs/performance.md#failover). A view is logged as a block:
/// <code>
/// … [Note] WSREP: view(view_id(PRIM,4359fa4e-b984,4) memb {
///     4359fa4e-b984,3
/// } joined {
/// } left {
/// } partitioned {
///     41c61bf4-9d27,2
/// })
/// </code>
/// and suspicion and inactivity as single lines from gcomm/src/evs_proto.cpp (check_inactive, check_suspects).
/// </summary>
public static class MembershipLog
{
    public static MembershipEvents Count(string log)
    {
        ArgumentNullException.ThrowIfNull(log);
        int views = 0, nonPrimary = 0, dropped = 0, suspicions = 0, inactive = 0, evictions = 0;
        string? section = null;
        foreach (var rawLine in log.Split('\n'))
        {
            var line = rawLine.TrimEnd('\r');
            if (line.Contains("WSREP: view(view_id(", StringComparison.Ordinal))
            {
                views++;
                if (line.Contains("view_id(NON_PRIM,", StringComparison.Ordinal))
                {
                    nonPrimary++;
                }

                section = "memb";
                continue;
            }

            if (section is not null)
            {
                var trimmed = line.Trim();
                if (trimmed.StartsWith('}'))
                {
                    // "} joined {", "} left {", "} partitioned {", or "})" closing the view.
                    section = trimmed.EndsWith('{') ? trimmed[1..^1].Trim() : null;
                    continue;
                }

                if (trimmed.Length == 0 || line.StartsWith('\t') || line.StartsWith(' '))
                {
                    if (trimmed.Length > 0 && section is "left" or "partitioned")
                    {
                        dropped++;
                    }

                    continue;
                }

                // Any other line ends a block that was cut short (a log read from the middle).
                section = null;
            }

            if (line.Contains(") suspecting node: ", StringComparison.Ordinal))
            {
                suspicions++;
            }
            else if (line.Contains("declaring inactive", StringComparison.Ordinal)
                || line.Contains("detected inactive node: ", StringComparison.Ordinal)
                || (line.Contains("declaring suspected ", StringComparison.Ordinal) && line.Contains(" as inactive", StringComparison.Ordinal)))
            {
                inactive++;
            }
            else if (line.Contains("evict", StringComparison.OrdinalIgnoreCase)
                && !line.Contains("Passing config to GCS", StringComparison.Ordinal)
                && !line.Contains("evs.auto_evict", StringComparison.Ordinal)
                && !line.Contains("unevicting", StringComparison.Ordinal))
            {
                evictions++;
            }
        }

        return new MembershipEvents(views, nonPrimary, dropped, suspicions, inactive, evictions);
    }
}
