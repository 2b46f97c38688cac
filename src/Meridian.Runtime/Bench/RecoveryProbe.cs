using System.Diagnostics;
using Meridian.Runtime.Chaos;
using Meridian.Runtime.Checks;
using Meridian.Core.Chaos;
using MySqlConnector;
using Meridian.Runtime.Sql;

namespace Meridian.Runtime.Bench;

/// <summary>
/// Measures recovery for bench/recovery.sh. Isolation: seconds from `isolate-region` until writes through a surviving
/// region's endpoint flow again for good: the end of the last failed or slow (over <see cref="SteadyLatency"/>) write,
/// followed by at least <see cref="SteadyWrites"/> fast commits (a write right after the cut can still commit before
/// Galera notices it, so "the first success" alone would measure nothing). Crash-all: seconds from kill -9 of every mariadbd until every
/// node is Synced in one full Primary component, or null when that does not happen within the timeout.
/// </summary>
public sealed class RecoveryProbe(Meridian.Runtime.Lab.LabContext lab, Action<FaultEvent> report)
{
    private const int SteadyWrites = 5;
    private static readonly TimeSpan SteadyLatency = TimeSpan.FromSeconds(1);

    public async Task<TimeSpan?> IsolationToWritesAsync(SqlLogin login, string isolatedRegion, SqlEndpoint survivor, TimeSpan isolation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(login);
        await using (var setup = new MySqlConnection(SqlConnections.ConnectionString(login, survivor)))
        {
            await setup.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var create = new MySqlCommand("CREATE TABLE IF NOT EXISTS meridian_bench_recovery (id BIGINT AUTO_INCREMENT PRIMARY KEY, at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)) ENGINE=InnoDB", setup);
            await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        var clock = new Stopwatch();
        var injector = new FaultInjector(lab, e =>
        {
            if (e.Action == "wan.isolate")
            {
                clock.Start();
            }

            report(e);
        });
        var fault = injector.InjectAsync(FaultKind.IsolateRegion, isolatedRegion, isolation, cancellationToken);
        while (!clock.IsRunning && !fault.IsCompleted)
        {
            await Task.Delay(10, cancellationToken).ConfigureAwait(false);
        }

        // Write until the isolation ends; "resumed" is the end of the last disruption (a failed or slow write) if at least
        // SteadyWrites fast commits followed it, so a burst of commits before Galera notices the cut does not count.
        var lastDisruptionEnd = TimeSpan.Zero;
        var fastSince = 0;
        while (clock.Elapsed < isolation)
        {
            var started = clock.Elapsed;
            try
            {
                await using var connection = new MySqlConnection(SqlConnections.ConnectionString(login, survivor));
                await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
                await using var insert = new MySqlCommand("INSERT INTO meridian_bench_recovery () VALUES ()", connection);
                await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                if (clock.Elapsed - started > SteadyLatency)
                {
                    (lastDisruptionEnd, fastSince) = (clock.Elapsed, 0);
                }
                else
                {
                    fastSince++;
                }
            }
            catch (Exception ex) when (SqlErrors.IsWriteFailure(ex))
            {
                (lastDisruptionEnd, fastSince) = (clock.Elapsed, 0);
                await Task.Delay(100, cancellationToken).ConfigureAwait(false);
            }
        }

        var resumed = fastSince >= SteadyWrites ? lastDisruptionEnd : (TimeSpan?)null;
        await fault.ConfigureAwait(false);
        return resumed;
    }

    public async Task<TimeSpan?> CrashAllToSyncedAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        await new FaultInjector(lab, report).InjectAsync(FaultKind.CrashAll, "cluster", TimeSpan.Zero, cancellationToken).ConfigureAwait(false);
        // The agents' reports from before the crash can outlive it by a heartbeat: first see the outage in the reports,
        // so that the time measured is the time to a new Primary component, not to a stale report.
        while (await ClusterHealth.IsFullySyncedAsync(lab, cancellationToken).ConfigureAwait(false) && clock.Elapsed < timeout)
        {
            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }

        return await ClusterHealth.WaitForFullySyncedAsync(lab, timeout - clock.Elapsed, cancellationToken).ConfigureAwait(false) is null ? null : clock.Elapsed;
    }
}
