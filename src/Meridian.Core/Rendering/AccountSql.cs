namespace Meridian.Core.Rendering;

/// <summary>
/// The accounts every fresh datadir gets, identical on every node (same statements, same passwords from secrets.env),
/// run by the agent before the node ever joins a cluster; and the statement `up` runs to converge the application
/// user's TLS requirement on a running cluster.
/// </summary>
public static class AccountSql
{
    public const string SstUser = MariadbConfigRenderer.SstUser;

    /// <summary>
    /// SST user: the least privileges mariabackup needs on MariaDB 10.11
    /// (https://mariadb.com/kb/en/mariabackup-overview/#authentication-and-privileges): RELOAD, PROCESS, LOCK TABLES,
    /// BINLOG MONITOR. It logs in over the donor's socket, so 'localhost' only.
    /// </summary>
    /// <remarks>
    /// Also what mariadb-secure-installation does, in case install-db ever created them despite --skip-test-db: no
    /// anonymous accounts (''@localhost, ''@HOSTNAME) and no PUBLIC grant on `test`/`test\_%`, whose writes Galera
    /// would replicate. The script carries passwords: it goes to the client's stdin, never its argv.
    /// </remarks>
    public static string Render(string sstPassword, AgentDatabase database, string appPassword)
    {
        ArgumentNullException.ThrowIfNull(database);
        return
            "DELETE FROM mysql.global_priv WHERE User = '';\n" +
            "DELETE FROM mysql.db WHERE Db = 'test' OR Db = 'test\\\\_%';\n" +
            "DROP DATABASE IF EXISTS test;\n" +
            "FLUSH PRIVILEGES;\n" +
            $"CREATE USER IF NOT EXISTS '{SstUser}'@'localhost' IDENTIFIED BY '{Quote(sstPassword)}';\n" +
            $"GRANT RELOAD, PROCESS, LOCK TABLES, BINLOG MONITOR ON *.* TO '{SstUser}'@'localhost';\n" +
            $"CREATE DATABASE IF NOT EXISTS `{Identifier(database.Name)}`;\n" +
            $"CREATE USER IF NOT EXISTS '{Quote(database.User)}'@'%' IDENTIFIED BY '{Quote(appPassword)}';\n" +
            TlsRequirement(database.User, database.RequireTls) +
            $"GRANT ALL PRIVILEGES ON `{Identifier(database.Name)}`.* TO '{Quote(database.User)}'@'%';\n";
    }

    /// <summary>
    /// REQUIRE SSL: the server refuses the user's login over plaintext, whatever the password; REQUIRE NONE lifts it.
    /// An ALTER, not a CREATE option, so the same statement converges an existing account either way and a re-run
    /// changes nothing (https://mariadb.com/kb/en/alter-user/#tls-options). Galera replicates account statements to
    /// every node, so one node is enough.
    /// </summary>
    public static string TlsRequirement(string appUser, bool requireTls) =>
        $"ALTER USER '{Quote(appUser)}'@'%' REQUIRE {(requireTls ? "SSL" : "NONE")};\n";

    private static string Quote(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "''", StringComparison.Ordinal);

    private static string Identifier(string value) => value.Replace("`", "``", StringComparison.Ordinal);
}
