using Meridian.Core.Planning;
using Meridian.Core.Rendering;
using Meridian.Runtime.Processes;

namespace Meridian.Agent;

/// <summary>
/// Creates a node's datadir once: ownership first (install-db runs the server as mysql and writes the error log and
/// tmpdir), then mariadb-install-db, then the accounts in a standalone server with wsrep off and no network, then the
/// "fresh" marker. Never runs over an existing datadir.
/// </summary>
public sealed class DataDirInitializer(AgentConfig config, ClusterSecrets secrets, NodeFiles files, MariadbClient client, ICommandRunner runner, AgentLog log)
{
    public void FixOwnership()
    {
        var hostRoot = Path.GetDirectoryName(config.Paths.MyCnf)!;
        var logDir = Path.GetDirectoryName(config.Paths.ErrorLog)!;
        foreach (var directory in new[] { config.Paths.DataDir, logDir, Path.Combine(logDir, "sst"), config.Paths.RunDir, Path.Combine(hostRoot, "tmp") })
        {
            Directory.CreateDirectory(directory);
            Ownership.ChownToMysql(directory);
        }

        Ownership.ChownTreeToMysql(config.Paths.DataDir);

        // The SST scripts run as mysql and re-read my.cnf; the Galera and SQL server keys are read by mysql too (mode 0600).
        Ownership.ChownToMysql(config.Paths.MyCnf);
        foreach (var key in new[] { HostFilePaths.GaleraKey, HostFilePaths.SqlKey }.Select(k => Path.Combine(hostRoot, k)).Where(File.Exists))
        {
            Ownership.ChownToMysql(key);
            File.SetUnixFileMode(key, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        if (File.Exists(config.Paths.ErrorLog))
        {
            Ownership.ChownToMysql(config.Paths.ErrorLog);
        }
    }

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
            CommandRequest.Of(config.Binaries.InstallDb, $"--defaults-file={config.Paths.MyCnf}", "--user=mysql", $"--datadir={config.Paths.DataDir}", "--auth-root-authentication-method=socket")
                .WithTimeout(TimeSpan.FromSeconds(120)),
            cancellationToken).ConfigureAwait(false);
        await CreateAccountsOfflineAsync(cancellationToken).ConfigureAwait(false);

        // mariadb-install-db leaves mysql_upgrade_info owned by root (LAB-NOTES, "Ownership").
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

            await client.ExecuteAsync(socket, AccountSql.Render(secrets.SstPassword, config.Database.Name, config.Database.User, secrets.AppPassword), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await Signals.StopAsync(process, TimeSpan.FromSeconds(60), CancellationToken.None).ConfigureAwait(false);
        }
    }
}
