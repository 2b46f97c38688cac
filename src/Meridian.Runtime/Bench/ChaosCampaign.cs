using System.Collections.Concurrent;
using System.Collections.Immutable;
using Meridian.Core.Benchmarks;
using Meridian.Core.Chaos;
using Meridian.Runtime.Chaos;
using Meridian.Runtime.Checks;
using Meridian.Runtime.Lab;
using Meridian.Runtime.Processes;
using Meridian.Runtime.Sql;

namespace Meridian.Runtime.Bench;

/// <summary>
/// The fault campaign behind bench/chaos-campaign.sh (docs/operations.md "Fault campaign"): `meridian check` runs its
/// workload for the whole schedule while the schedule is played, and meanwhile every node's own wsrep status and a read
/// through every endpoint are sampled. Afterwards sampling goes on until every fault has recovered or its bound has
/// passed; <see cref="ChaosRecoveryAnalyzer"/> turns the samples into recovery times.
/// </summary>
public sealed class ChaosCampaign(LabContext lab, SqlLogin login, ICommandRunner runner, Action<string> progress, Action<FaultEvent> onFault)
{
    public async Task<ChaosCampaignReport> RunAsync(ChaosCampaignOptions options, string specSource, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var schedule = FaultScheduler.Plan(options.Seed, options.RunLength, options.Kinds, FaultTargetResolver.Targets(lab.Plan), options.Schedule);
        progress($"seed {options.Seed}: {schedule.Length} fault(s) over {options.RunLength.TotalSeconds:F0} s, {schedule.Count(f => f.Overlaps)} planned to overlap");
        var played = new ConcurrentQueue<InjectedFault>();
        var health = new ConcurrentQueue<ClusterHealthSample>();
        var reads = new ConcurrentQueue<EndpointReadSample>();
        using var sampling = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var socketProbe = new GaleraSocketProbe(lab.Plan, lab.Layout, runner);
        var readProbe = new EndpointReadProbe(login);
        var runStart = DateTimeOffset.Now;
        var healthLoop = SampleLoopAsync(async ct => health.Enqueue(await socketProbe.SampleAsync(ct).ConfigureAwait(false)), options.SampleInterval, sampling.Token);
        var readLoop = SampleLoopAsync(
            async ct =>
            {
                foreach (var read in await readProbe.SampleAsync(ct).ConfigureAwait(false))
                {
                    reads.Enqueue(read);
                }
            },
            options.SampleInterval,
            sampling.Token);

        var check = new ConsistencyCheck(lab, login, new CheckOptions(options.RunLength) { SyncTimeout = options.Bound }, progress);
        var checkReport = await check.RunAsync(schedule, onFault, played.Enqueue, cancellationToken).ConfigureAwait(false);

        // Keep sampling until every injected fault has recovered (and held) or its bound has passed.
        progress("workload and faults done; sampling until every fault has recovered or its bound has passed");
        var lastReference = played.Select(f => f.RecoveryStart).Max() ?? runStart;
        while (DateTimeOffset.Now < lastReference + options.Bound + options.Hold)
        {
            var measured = ChaosRecoveryAnalyzer.Measure(runStart, [.. played], [.. health], options.Bound, options.Hold);
            var lastSample = health.LastOrDefault();
            if (measured.All(f => !f.Injected || f.Recovered) && lastSample is not null && lastSample.StartedAt > lastReference + options.Hold)
            {
                break;
            }

            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
        }

        await sampling.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(healthLoop, readLoop).ConfigureAwait(false);
        var end = DateTimeOffset.Now;
        var faults = ChaosRecoveryAnalyzer.Measure(runStart, [.. played.OrderBy(f => f.Index)], [.. health], options.Bound, options.Hold);
        var kindNames = options.Kinds.Distinct().ToList();
        var report = new ChaosCampaignReport(
            end,
            specSource,
            lab.Plan.Cluster,
            Math.Round((end - runStart).TotalSeconds, 1),
            new ChaosCampaignSettings(
                options.Seed,
                options.RunLength.TotalSeconds,
                options.Schedule.MinFaultDuration.TotalSeconds,
                options.Schedule.MaxFaultDuration.TotalSeconds,
                options.Schedule.MinQuiet.TotalSeconds,
                options.Schedule.MaxQuiet.TotalSeconds,
                options.Schedule.OverlapChance,
                options.Schedule.MinOverlapGap.TotalSeconds,
                options.Schedule.MaxOverlapGap.TotalSeconds,
                options.Bound.TotalSeconds,
                options.Hold.TotalSeconds,
                options.SampleInterval.TotalSeconds,
                Environment.ProcessorCount),
            [.. kindNames.Select(FaultKinds.Name)],
            faults,
            ChaosRecoveryAnalyzer.Summarize(faults, kindNames),
            ToCheckResult(checkReport),
            EndpointReadSummary.Of(runStart, [.. reads]),
            []);
        return report with { Targets = ChaosCampaignTargets.Evaluate(report) };
    }

    private static CampaignCheckResult ToCheckResult(CheckReport report) => new(
        report.Passed,
        !report.Verdicts.IsEmpty,
        report.Acknowledged,
        report.UnknownAppends + report.UnknownTransfers,
        report.Lost,
        report.Duplicates,
        report.InvariantViolations,
        [.. report.Verdicts.SelectMany(v => v.Violations.Select(x => $"via {v.Endpoint}: {x}"))],
        report.SyncedAfter is { } synced ? Math.Round(synced.TotalSeconds, 1) : null,
        report.ErrorsByKind);

    /// <summary>Runs <paramref name="sample"/> every <paramref name="interval"/> (or back to back when it takes longer) until cancelled.</summary>
    private static async Task SampleLoopAsync(Func<CancellationToken, Task> sample, TimeSpan interval, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var next = DateTimeOffset.Now + interval;
            try
            {
                await sample(cancellationToken).ConfigureAwait(false);
                var wait = next - DateTimeOffset.Now;
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
        }
    }
}
