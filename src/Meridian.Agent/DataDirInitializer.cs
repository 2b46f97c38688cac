using Meridian.Core.Planning;
using Meridian.Core.Rendering;
using Meridian.Runtime.HostFiles;
using Meridian.Runtime.Processes;

namespace Meridian.Agent;

/// <summary>
/// Creates a node's datadir once: ownership first (install-db runs the server as mysql and writes the error log and
/// tmpdir), then mariadb-install-db, then the accounts in a standalone server with wsrep off and no network, then the
/// "fresh" marker. Never runs over an existing datadir.
/// </summary>
public sealed class DataDirInitializer(AgentConfig config, ClusterSecrets secrets, NodeFiles files, MariadbClient client, ICommandRunner runner, AgentLog log)
{
    /// <summary>mysql needs to read my.cnf (the SST scripts re-read it) and the Galera key; it must change neither.</summary>
    public const UnixFileMode MysqlReadableConfigMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead;

    private const UnixFileMode PrivateDirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute;

    /// <summary>0711: daemons pass through data/ to their own directories but can neither list nor change it.</summary>
    private const UnixFileMode DataRootMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    /// <summary>
    /// Who owns what on a data node (docs/security.md, "Host privileges and secrets"): mysql owns only what mariadbd and
    /// its SST scripts write (datadir, log/sst, run/, tmp/: 0750, and error.log 0640); root owns what decides how mariadbd
    /// runs (my.cnf and the Galera key, root:mysql 0640), the log directory (root:mysql 0750) and the agent's own inputs
    /// (data/ 0711, data/agent/ 0700).
    /// Runs on every agent start, so it also repairs an older layout.
    /// </summary>
    public void FixOwnership()
    {
        var hostRoot = Path.GetDirectoryName(config.Paths.MyCnf)!;
        var logDir = Path.GetDirectoryName(config.Paths.ErrorLog)!;
        foreach (var directory in new[] { config.Paths.DataDir, Path.Combine(logDir, "sst"), config.Paths.RunDir, Path.Combine(hostRoot, "tmp") })
        {
            Directory.CreateDirectory(directory, PrivateDirectoryMode);
            Ownership.ChownToMysql(directory);
            File.SetUnixFileMode(directory, PrivateDirectoryMode);
        }

        Ownership.ChownTreeToMysql(config.Paths.DataDir);

        // log/ is root's (root:mysql 0750): the agent, the lab and etcd write there as root, so mysql must not be able to
        // plant a link in it; mariadbd only appends to its pre-created error.log, and SST logs go to log/sst (mysql's).
        Ownership.MakeRootOwnedMysqlReadable(logDir, PrivateDirectoryMode);

        // data/ holds the first-start marker and agent/: root's, and mysql can only pass through it to its datadir.
        var dataRoot = Path.GetDirectoryName(config.Paths.DataDir.TrimEnd('/'))!;
        Ownership.MakeRootOwnedMysqlReadable(dataRoot, DataRootMode);
        files.EnsureAgentStateDir();

        // user=, plugin-load, wsrep_sst_method… in my.cnf decide what root starts: mysql may read it, never change it.
        Ownership.MakeRootOwnedMysqlReadable(config.Paths.MyCnf, MysqlReadableConfigMode);
        // The Galera and SQL server keys are read by mysql (SST scripts, mariadbd), never written by it.
        foreach (var key in new[] { HostFilePaths.GaleraKey, HostFilePaths.SqlKey }.Select(k => Path.Combine(hostRoot, k)).Where(File.Exists))
        {
            Ownership.MakeRootOwnedMysqlReadable(key, MysqlReadableConfigMode);
        }

        // mariadbd appends to its error log as mysql; created here with the log mode instead of mariadbd's 0660.
        NoFollowFiles.EnsureFile(config.Paths.ErrorLog, AgentLog.LogFileMode, (Ownership.MysqlUid, Ownership.MysqlGid));
    }

    /// <summary>--skip-test-db: no anonymous accounts and no PUBLIC-writable `test` database (mysql_test_db.sql).</summary>
    public async Task EnsureAsync(CancellationToken cancellationToken)
    {
        FixOwnership();
        if (files.DataDirInitialised)
        {
            return;
        }

        if (Directory.EnumerateFileSystemEntries(config.Paths.DataDir).Any())
        {
            throw new InvalidOperationException($"{config.Paths.DataDir} is neither empty nor a complete datadir; refusing to run mariadb-install-db over it.");
        }

        log.Info($"initialising {config.Paths.DataDir} with {config.Binaries.InstallDb}");
        await runner.RunAsync(
            CommandRequest.Of(config.Binaries.InstallDb, $"--defaults-file={config.Paths.MyCnf}", "--user=mysql", $"--datadir={config.Paths.DataDir}", "--auth-root-authentication-method=socket", "--skip-test-db")
                .WithTimeout(TimeSpan.FromSeconds(120)),
            cancellationToken).ConfigureAwait(false);
        await CreateAccountsOfflineAsync(cancellationToken).ConfigureAwait(false);

        // mariadb-install-db leaves mysql_upgrade_info owned by root (docs/lab-notes.md#ownership).
        Ownership.ChownTreeToMysql(config.Paths.DataDir);
        files.WriteMarker("fresh");
        log.Info("datadir initialised and marked fresh");
    }

    /// <summary>
    /// Accounts are part of every node's identical starting state instead of write-sets after the bootstrap: a fresh
    /// joiner then needs no state transfer at all (docs/agent.md). wsrep off and skip-networking: nothing can reach it.
    /// </summary>
    private async Task CreateAccountsOfflineAsync(CancellationToken cancellationToken)
    {
        var socket = Path.Combine(config.Paths.RunDir, "provision.sock");
        var pidFile = Path.Combine(config.Paths.RunDir, "provision.pid");
        var process = MariadbdProcess.Launch(config, [
            "--wsrep-on=OFF", "--wsrep-provider=none", "--skip-networking", $"--socket={socket}", $"--pid-file={pidFile}"]);
        try
        {
            for (var i = 0; i < 300 && !File.Exists(socket); i++)
            {
                if (!process.IsAlive)
                {
                    throw new InvalidOperationException($"the provisioning mariadbd exited; see {config.Paths.ErrorLog}");
                }

                await Task.Delay(100, cancellationToken).ConfigureAwait(false);
            }

            await client.ExecuteSecretAsync(
                socket,
                AccountSql.Render(secrets.SstPassword, config.Database, secrets.AppPassword),
                [secrets.SstPassword, secrets.AppPassword],
                cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await Signals.StopAsync(process, TimeSpan.FromSeconds(60), CancellationToken.None).ConfigureAwait(false);
        }
    }
}
