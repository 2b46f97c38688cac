namespace Meridian.Core.Galera;

/// <summary>
/// The command line mariadbd gives an SST script: <c>bash /usr/bin/wsrep_sst_mariabackup --role joiner --address …
/// --datadir DIR/ …</c> (or the script as argv[0]). The agent uses it to find the scripts a dead mariadbd of its own
/// datadir left running (docs/agent.md, "Leftovers of a transfer").
/// </summary>
public static class SstScript
{
    public const string NamePrefix = "wsrep_sst_";

    /// <summary>True for a wsrep_sst_* script run for <paramref name="dataDir"/> (a trailing slash on either side does not matter).</summary>
    public static bool IsFor(IReadOnlyList<string> arguments, string dataDir)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentException.ThrowIfNullOrEmpty(dataDir);
        if (!arguments.Take(2).Any(a => Path.GetFileName(a).StartsWith(NamePrefix, StringComparison.Ordinal)))
        {
            return false;
        }

        for (var i = 0; i < arguments.Count; i++)
        {
            var value = arguments[i] == "--datadir" && i + 1 < arguments.Count ? arguments[i + 1]
                : arguments[i].StartsWith("--datadir=", StringComparison.Ordinal) ? arguments[i]["--datadir=".Length..]
                : null;
            if (value is not null && SamePath(value, dataDir))
            {
                return true;
            }
        }

        return false;
    }

    private static bool SamePath(string a, string b) => a.TrimEnd('/').Equals(b.TrimEnd('/'), StringComparison.Ordinal) && a.TrimEnd('/').Length > 0;
}
