using Meridian.Core.Benchmarks;
using Meridian.Runtime.Checks;
using Meridian.Runtime.Processes;
using Meridian.Runtime.Sql;

namespace Meridian.Runtime.Bench;

/// <summary>
/// Runs Debian's sysbench 1.0.20 against one SQL endpoint (https://github.com/akopytov/sysbench). One table of
/// <see cref="TableSize"/> rows is enough: every workload here is bound by the WAN commit floor, not by the data set.
/// sysbench retries deadlocks (1213, Galera's certification failures) by default and counts them as "ignored errors".
/// </summary>
public sealed class SysbenchRunner(ICommandRunner runner, SqlLogin login, SqlEndpoint endpoint)
{
    public const string Program = "sysbench";
    public const int TableSize = 10_000;

    /// <summary>Drops any earlier sbtest1 and loads a fresh one (a few multi-row INSERT commits, about 2 s over the WAN).</summary>
    public async Task PrepareAsync(CancellationToken cancellationToken)
    {
        using var files = SysbenchFiles.Create(login.Password, login.Tls);
        await runner.RunAsync(Request(files, "oltp_common", "cleanup", []).AllowingFailure(), cancellationToken).ConfigureAwait(false);
        Checked(await runner.RunAsync(Request(files, "oltp_common", "prepare", []).WithTimeout(TimeSpan.FromMinutes(3)).AllowingFailure(), cancellationToken).ConfigureAwait(false));
    }

    public async Task<SysbenchResult> RunAsync(SysbenchRun run, TimeSpan duration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        var seconds = Math.Max(1, (int)Math.Round(duration.TotalSeconds));
        using var files = SysbenchFiles.Create(login.Password, login.Tls);
        var request = Request(
            files,
            run.Workload,
            "run",
            [
                $"--threads={run.Clients}",
                $"--time={seconds}",
                $"--rand-type={run.Distribution}",
                $"--rand-spec-pct={run.HotSetPercent}",
                // Stop clients still stuck in a commit a few seconds after --time, so one stall cannot hang the bench.
                "--forced-shutdown=15",
            ]).WithTimeout(duration + TimeSpan.FromSeconds(60)).AllowingFailure();
        var result = Checked(await runner.RunAsync(request, cancellationToken).ConfigureAwait(false));
        return SysbenchOutput.Parse(result.StandardOutput);
    }

    /// <summary>
    /// sysbench prints its errors (a refused login, a TLS failure) as FATAL lines on stdout, not stderr: a failure
    /// reports them, so the message says why.
    /// </summary>
    private static CommandResult Checked(CommandResult result)
    {
        if (result.Succeeded)
        {
            return result;
        }

        var fatal = result.StandardOutput.Split('\n').Where(l => l.StartsWith("FATAL:", StringComparison.Ordinal)).Select(l => l.TrimEnd());
        throw new CommandFailedException(result.Request.CommandLine, result.ExitCode, string.Join('\n', fatal.Append(result.StandardError.Trim()).Where(l => l.Length > 0)), timedOut: false);
    }

    /// <summary>In the run's own directory: sysbench finds its TLS files there by fixed names (<see cref="SysbenchFiles"/>).</summary>
    private CommandRequest Request(SysbenchFiles files, string script, string verb, IEnumerable<string> extra) =>
        CommandRequest.Of(
            Program,
            [
                script,
                "--db-driver=mysql",
                $"--mysql-host={endpoint.Host}",
                $"--mysql-port={endpoint.Port}",
                $"--mysql-user={login.User}",
                // The password is in a 0600 file (sysbench's --config-file), never on the command line: see SysbenchFiles.
                $"--config-file={files.ConfigFile}",
                // TLS with the files in the working directory; the application user may require it (database.requireTls).
                "--mysql-ssl=on",
                $"--mysql-db={login.Database}",
                "--tables=1",
                $"--table-size={TableSize}",
                .. extra,
                verb,
            ]).InDirectory(files.Directory);
}
