using System.Globalization;

namespace Meridian.Core.Galera;

/// <summary>
/// The agent's commit-latency probe (docs/metrics.md, "Commit probe"): one autocommit REPLACE of this node's row in
/// <c>meridian.commit_probe</c>, timed inside the server with SYSDATE(6) so the `mariadb` client's process start and
/// login are not counted. SYSDATE, not NOW: NOW() is fixed for the whole statement, SYSDATE() is read when evaluated
/// (https://mariadb.com/kb/en/sysdate/). The REPLACE commits on its own (autocommit), so the difference is one Galera
/// commit: replication to every segment, certification and the local InnoDB commit, plus one socket round trip.
/// </summary>
public static class CommitProbe
{
    /// <summary>Outside the application database, so `meridian check` and the app's own data never see it.</summary>
    public const string Database = "meridian";

    public const string Table = "commit_probe";

    /// <summary>
    /// Bucket bounds in seconds of meridian_commit_probe_duration_seconds: fine around the WAN commit floor (the default
    /// three regions sit near 0.16 s, docs/lab-notes.md#what-sets-commit-latency), coarse in the tail.
    /// </summary>
    public static readonly IReadOnlyList<double> BucketBounds =
        [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.125, 0.15, 0.175, 0.2, 0.25, 0.3, 0.4, 0.5, 0.75, 1, 2.5, 5];

    /// <summary>
    /// Prints 1 when the table exists. The agent creates it only then: a CREATE … IF NOT EXISTS is still DDL that Galera
    /// runs in total order on every node, and one that ran while another node's probe REPLACE was in flight aborted that
    /// REPLACE with a deadlock error (1213), measured on a fresh lab where every agent set up at once.
    /// </summary>
    public const string ExistsSql =
        $"SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = '{Database}' AND TABLE_NAME = '{Table}';\n";

    /// <summary>Run when <see cref="ExistsSql"/> says the table is missing, in its own `mariadb` run and its own tick.</summary>
    public const string SetupSql =
        $"CREATE DATABASE IF NOT EXISTS {Database};\n" +
        $"CREATE TABLE IF NOT EXISTS {Database}.{Table} (node VARCHAR(64) NOT NULL PRIMARY KEY, written_at DATETIME(6) NOT NULL) ENGINE=InnoDB;\n";

    /// <summary>One row per node, replaced each time, so the table never grows. The last line prints the microseconds.</summary>
    public static string ProbeSql(string node)
    {
        ArgumentNullException.ThrowIfNull(node);
        var literal = node.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "''", StringComparison.Ordinal);
        return "SET @meridian_t0 = SYSDATE(6);\n" +
            $"REPLACE INTO {Database}.{Table} (node, written_at) VALUES ('{literal}', @meridian_t0);\n" +
            "SELECT TIMESTAMPDIFF(MICROSECOND, @meridian_t0, SYSDATE(6));\n";
    }

    /// <summary>True when the output of <see cref="ExistsSql"/> says the table exists.</summary>
    public static bool ParseExists(string output)
    {
        ArgumentNullException.ThrowIfNull(output);
        return output.Split('\n').Select(l => l.Trim()).LastOrDefault(l => l.Length > 0) is "1";
    }

    /// <summary>
    /// The duration in seconds from `mariadb -N -B` output of <see cref="ProbeSql"/>, or null when the last line is not
    /// a non-negative integer (an error, or the wall clock stepped back during the probe).
    /// </summary>
    public static double? ParseSeconds(string output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var last = output.Split('\n').Select(l => l.Trim()).LastOrDefault(l => l.Length > 0);
        return last is not null && long.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out var micros)
            ? micros / 1e6
            : null;
    }
}
