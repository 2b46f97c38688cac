namespace Meridian.Agent;

/// <summary>
/// The accounts every fresh datadir gets, identical on every node (same statements, same passwords from secrets.env),
/// run before the node ever joins a cluster (see <see cref="DataDirInitializer"/>).
/// </summary>
public static class AccountSql
{
    public const string SstUser = Core.Rendering.MariadbConfigRenderer.SstUser;

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
    public static string Render(string sstPassword, string database, string appUser, string appPassword) =>
        "DELETE FROM mysql.global_priv WHERE User = '';\n" +
        "DELETE FROM mysql.db WHERE Db = 'test' OR Db = 'test\\\\_%';\n" +
        "DROP DATABASE IF EXISTS test;\n" +
        "FLUSH PRIVILEGES;\n" +
        $"CREATE USER IF NOT EXISTS '{SstUser}'@'localhost' IDENTIFIED BY '{Quote(sstPassword)}';\n" +
        $"GRANT RELOAD, PROCESS, LOCK TABLES, BINLOG MONITOR ON *.* TO '{SstUser}'@'localhost';\n" +
        $"CREATE DATABASE IF NOT EXISTS `{Identifier(database)}`;\n" +
        $"CREATE USER IF NOT EXISTS '{Quote(appUser)}'@'%' IDENTIFIED BY '{Quote(appPassword)}';\n" +
        $"GRANT ALL PRIVILEGES ON `{Identifier(database)}`.* TO '{Quote(appUser)}'@'%';\n";

    private static string Quote(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "''", StringComparison.Ordinal);

    private static string Identifier(string value) => value.Replace("`", "``", StringComparison.Ordinal);
}
