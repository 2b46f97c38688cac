using Meridian.Core.Benchmarks;
using Meridian.Runtime.Checks;
using Meridian.Runtime.Processes;

namespace Meridian.Runtime.Bench;

/// <summary>
/// Runs Debian's sysbench 1.0.20 against one SQL endpoint (https://github.com/akopytov/sysbench). One table of
/// <see cref="TableSize"/> rows is enough: every workload here is bound by the WAN commit floor, not by the data set.
/// sysbench retries deadlocks (1213, Galera's certification failures) by default and counts them as "ignored errors".
/// </summary>
public sealed class SysbenchRunner(ICommandRunner runner, CheckLogin login, CheckEndpoint endpoint)
{
    public const string Program = "sysbench";
    public const int TableSize = 10_000;

    /// <summary>Drops any earlier sbtest1 and loads a fresh one (a few multi-row INSERT commits, about 2 s over the WAN).</summary>
    public async Task PrepareAsync(CancellationToken cancellationToken)
    {
        using var password = SysbenchPasswordFile.Create(login.Password);
        await runner.RunAsync(Request(password, "oltp_common", "cleanup", []).AllowingFailure(), cancellationToken).ConfigureAwait(false);
        await runner.RunAsync(Request(password, "oltp_common", "prepare", []).WithTimeout(TimeSpan.FromMinutes(3)), cancellationToken).ConfigureAwait(false);
    }

    public async Task<SysbenchResult> RunAsync(SysbenchRun run, TimeSpan duration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        var seconds = Math.Max(1, (int)Math.Round(duration.TotalSeconds));
        using var password = SysbenchPasswordFile.Create(login.Password);
        var request = Request(
            password,
            run.Workload,
            "run",
            [
                $"--threads={run.Clients}",
                $"--time={seconds}",
                $"--rand-type={run.Distribution}",
                $"--rand-spec-pct={run.HotSetPercent}",
                // Stop clients still stuck in a commit a few seconds after --time, so one stall cannot hang the bench.
                "--forced-shutdown=15",
            ]).WithTimeout(duration + TimeSpan.FromSeconds(60));
        var result = await runner.RunAsync(request, cancellationToken).ConfigureAwait(false);
        return SysbenchOutput.Parse(result.StandardOutput);
    }

    private CommandRequest Request(SysbenchPasswordFile password, string script, string verb, IEnumerable<string> extra) =>
        CommandRequest.Of(
            Program,
            [
                script,
                "--db-driver=mysql",
                $"--mysql-host={endpoint.Host}",
                $"--mysql-port={endpoint.Port}",
                $"--mysql-user={login.User}",
                // The password is in a 0600 file (sysbench's --config-file), never on the command line: see SysbenchPasswordFile.
                $"--config-file={password.Path}",
                $"--mysql-db={login.Database}",
                "--tables=1",
                $"--table-size={TableSize}",
                .. extra,
                verb,
            ]);
}
