using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Diagnostics;
using Meridian.Core.Chaos;
using Meridian.Core.Checks;
using Meridian.Runtime.Chaos;
using Meridian.Runtime.Lab;
using MySqlConnector;
using Meridian.Runtime.Sql;

namespace Meridian.Runtime.Checks;

/// <summary>
/// One checker run: reset the tables, run the bank workload through every region's endpoint (optionally with a fault
/// schedule at the same time), wait until every fault is healed and the cluster is fully Synced, then read the tables
/// back through every endpoint and judge each snapshot with <see cref="CheckEvaluator"/>.
/// </summary>
/// <param name="lab">The lab, for a fault schedule and its health; null for another provider, which passes <paramref name="waitForSynced"/> and runs no faults.</param>
/// <param name="waitForSynced">How to wait until every node is Synced again (returns how long it took, or null on timeout); by default the lab's.</param>
public sealed class ConsistencyCheck(LabContext? lab, SqlLogin login, CheckOptions options, Action<string> progress, Func<TimeSpan, CancellationToken, Task<TimeSpan?>>? waitForSynced = null)
{
    public async Task<CheckReport> RunAsync(IReadOnlyList<ScheduledFault> schedule, Action<FaultEvent> onFault, CancellationToken cancellationToken) =>
        await RunAsync(schedule, onFault, null, cancellationToken).ConfigureAwait(false);

    /// <param name="onPlayed">Gets each scheduled fault's injection and heal times (the fault campaign measures recovery from them).</param>
    public async Task<CheckReport> RunAsync(IReadOnlyList<ScheduledFault> schedule, Action<FaultEvent> onFault, Action<InjectedFault>? onPlayed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        await ResetAsync(cancellationToken).ConfigureAwait(false);
        var recorder = new CheckRecorder();
        var faults = new ConcurrentQueue<FaultEvent>();
        var started = Stopwatch.StartNew();
        progress($"workload: {login.Endpoints.Count} endpoint(s), {options.TransferWorkers} transfer + {options.AppendWorkers} append client(s) each, {options.Duration.TotalSeconds:F0} s; {schedule.Count} fault(s) scheduled");
        var workload = new BankWorkload(login, options, recorder).RunAsync(cancellationToken);
        if (schedule.Count > 0 && lab is null)
        {
            throw new InvalidOperationException("a fault schedule needs the lab's fault injector");
        }

        var chaos = schedule.Count == 0
            ? Task.FromResult(0)
            : new ChaosRunner(lab!, e =>
            {
                faults.Enqueue(e);
                onFault(e);
            }, onPlayed).RunAsync(schedule, cancellationToken);
        await Task.WhenAll(workload, chaos).ConfigureAwait(false);
        var elapsed = started.Elapsed;

        progress("workload done; waiting for every node to be Synced in one Primary component");
        var synced = await (waitForSynced ?? ((timeout, token) => ClusterHealth.WaitForFullySyncedAsync(lab!, timeout, token)))(options.SyncTimeout, cancellationToken).ConfigureAwait(false);
        var history = recorder.History();
        var verdicts = ImmutableArray.CreateBuilder<CheckVerdict>();
        if (synced is not null)
        {
            foreach (var endpoint in login.Endpoints)
            {
                var snapshot = await SnapshotReader.ReadAsync(login, endpoint, cancellationToken).ConfigureAwait(false);
                verdicts.Add(CheckEvaluator.Evaluate(history, snapshot, options.Accounts, options.OpeningBalance));
            }
        }

        return new CheckReport(
            elapsed,
            history.AcknowledgedAppends.Count,
            history.AcknowledgedTransfers.Count,
            history.UnknownAppends.Count,
            history.UnknownTransfers.Count,
            history.ErrorsByKind,
            verdicts.ToImmutable(),
            [.. faults],
            synced);
    }

    private async Task ResetAsync(CancellationToken cancellationToken)
    {
        var endpoint = login.Endpoints[0];
        await using var connection = new MySqlConnection(SqlConnections.ConnectionString(login, endpoint));
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        foreach (var sql in BankSchema.Reset(options.Accounts, options.OpeningBalance))
        {
            await using var command = new MySqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
