using Meridian.Core.Benchmarks;
using Meridian.Core.Decisions;
using Meridian.Core.Planning;
using Meridian.Core.Spec;
using Meridian.Runtime.Checks;
using Meridian.Runtime.Lab;
using Meridian.Runtime.Processes;
using Meridian.Runtime.Sql;

namespace Meridian.Runtime.Bench;

/// <summary>
/// One running lab under benchmark: brings it up from a spec variant, measures through its endpoints, tears it down.
/// Every measurement goes through the first region's endpoint (127.0.0.1:endpoints.port, 3306 by default) unless it says otherwise.
/// </summary>
public sealed class BenchLab(LabContext lab, string configuration, ICommandRunner runner, IStepReporter steps)
{
    public const double SettledRatio = 1.25;

    public static readonly TimeSpan SettleTimeout = TimeSpan.FromSeconds(60);

    private static readonly TimeSpan IdleSample = TimeSpan.FromSeconds(3);

    private SqlLogin? login;

    public ClusterPlan Plan => lab.Plan;

    public string Configuration => configuration;

    /// <summary>F from the first region's endpoint: every throughput ratio is against it.</summary>
    public double FloorMs => CommitLatencyFloor.ForEndpoint(lab.Plan, lab.Plan.Regions[0]).TotalMilliseconds;

    private SqlLogin Login => login ?? throw new InvalidOperationException("the lab is not up");

    private SqlEndpoint Writer => Login.Endpoints[0];

    public async Task UpAsync(string specYaml, TimeSpan timeout, CancellationToken cancellationToken)
    {
        await new LabNetworkUp(lab).RunAsync(specYaml, steps, cancellationToken).ConfigureAwait(false);
        await new LabDatabaseUp(lab).RunAsync(steps, timeout, cancellationToken).ConfigureAwait(false);
        login = LabAppLogin.Of(lab);
    }

    /// <summary>Never throws: a failed teardown is reported, and `meridian down --cluster NAME` finishes it.</summary>
    public async Task DownAsync()
    {
        try
        {
            await new LabDown(lab).RunAsync(keepData: false, steps, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is LabException or IOException or CommandFailedException)
        {
            steps.Note($"teardown of {lab.Plan.Cluster} failed: {ex.Message}; run `meridian down --cluster {lab.Plan.Cluster}`");
        }
    }

    /// <summary>
    /// Waits until a freshly formed cluster commits at its floor. In about half of the fresh labs measured, the first
    /// region's single-client commits took 2 × F (never anything between) for the first few seconds after every node
    /// was Synced, then dropped to F for good, with or without writes from the other regions; the cause inside Galera
    /// is not established. Every region writes a few rows per round, and measuring starts once the first region's
    /// median is within <see cref="SettledRatio"/> × F (or after <see cref="SettleTimeout"/>, with a note).
    /// </summary>
    public async Task<TimeSpan> SettleAsync(CancellationToken cancellationToken)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        while (true)
        {
            foreach (var endpoint in Login.Endpoints.Skip(1))
            {
                await CommitLatencyProbe.MeasureAsync(Login, endpoint, 1, cancellationToken).ConfigureAwait(false);
            }

            var samples = await CommitLatencyProbe.MeasureAsync(Login, Writer, 5, cancellationToken).ConfigureAwait(false);
            var median = LatencySummary.Of([.. samples]).P50Ms;
            var elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(started);
            if (median <= SettledRatio * FloorMs)
            {
                steps.Note($"{configuration}: commits from {Writer.Region} at {median / FloorMs:F2} × F after {elapsed.TotalSeconds:F1} s");
                return elapsed;
            }

            if (elapsed > SettleTimeout)
            {
                steps.Note($"{configuration}: commits from {Writer.Region} still at {median / FloorMs:F2} × F after {elapsed.TotalSeconds:F0} s; measuring anyway");
                return elapsed;
            }
        }
    }

    public async Task<IReadOnlyList<CommitProbeResult>> ProbeCommitLatencyAsync(int count, CancellationToken cancellationToken)
    {
        var results = new List<CommitProbeResult>();
        foreach (var endpoint in Login.Endpoints)
        {
            var samples = await CommitLatencyProbe.MeasureAsync(Login, endpoint, count, cancellationToken).ConfigureAwait(false);
            var summary = LatencySummary.Of([.. samples]);
            var region = lab.Plan.Region(endpoint.Region);
            var result = new CommitProbeResult(
                configuration,
                endpoint.Region,
                summary.Count,
                summary.P50Ms,
                summary.P95Ms,
                summary.P99Ms,
                CommitLatencyFloor.ForEndpoint(lab.Plan, region).TotalMilliseconds,
                WriterMaxRttMs(endpoint.Region));
            steps.Note($"{configuration}: single-client INSERT from {endpoint.Region}: p50 {result.P50Ms:F1} ms = {result.P50OverFloor:F3} × F");
            results.Add(result);
        }

        return results;
    }

    public double WriterMaxRttMs(string region) =>
        lab.Plan.Regions.Where(r => r.Name != region).Select(r => lab.Plan.Rtt.Get(region, r.Name).TotalMilliseconds).DefaultIfEmpty(0).Max();

    public Task PrepareSysbenchAsync(CancellationToken cancellationToken) => Sysbench.PrepareAsync(cancellationToken);

    public async Task<ThroughputPoint> RunSysbenchAsync(SysbenchRun run, TimeSpan duration, CancellationToken cancellationToken) =>
        (await RunMeasuredAsync(run, duration, cancellationToken).ConfigureAwait(false)).Point;

    private async Task<(ThroughputPoint Point, SysbenchResult Result)> RunMeasuredAsync(SysbenchRun run, TimeSpan duration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        var flowControlBefore = await GaleraCounters.FlowControlSentAsync(Login, cancellationToken).ConfigureAwait(false);
        var cpuBefore = CpuSample.Read();
        var result = await Sysbench.RunAsync(run, duration, cancellationToken).ConfigureAwait(false);
        var cpuBusy = CpuSample.Read().BusySince(cpuBefore);
        var flowControlAfter = await GaleraCounters.FlowControlSentAsync(Login, cancellationToken).ConfigureAwait(false);
        var point = ThroughputPoint.FromSysbench(configuration, run.Workload, run.DistributionLabel, result, FloorMs, flowControlAfter - flowControlBefore) with { CpuBusy = cpuBusy };
        steps.Note(
            $"{configuration}: {run.Workload} {run.DistributionLabel} × {run.Clients}: {point.Tps:F1} tps, p95 {point.P95Ms:F0} ms" +
            (point.FloorFraction is { } f ? $", {f:F2} of N/F" : string.Empty) +
            (point.CpuBusy is { } cpu ? $", CPU {cpu:P0} busy" : string.Empty) +
            (point.FlowControlSent is > 0 ? $", flow control sent {point.FlowControlSent}" : string.Empty));
        return (point, result);
    }

    /// <summary>
    /// WAN bytes per committed transaction: the hub's counters around one sysbench run, with the idle rate measured
    /// just before so keepalives, etcd heartbeats and agent reports can be netted out.
    /// </summary>
    public async Task<(ThroughputPoint Point, WanTrafficResult Traffic)> MeasureWanTrafficAsync(
        string label, SysbenchRun run, TimeSpan duration, int nodesPerRegion, bool segments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        var idleStart = await WanTrafficMeter.ReadAsync(lab, cancellationToken).ConfigureAwait(false);
        await Task.Delay(IdleSample, cancellationToken).ConfigureAwait(false);
        var idleEnd = await WanTrafficMeter.ReadAsync(lab, cancellationToken).ConfigureAwait(false);
        var idleRate = idleEnd.Since(idleStart).Bytes / (idleEnd.TakenAtUtc - idleStart.TakenAtUtc).TotalSeconds;

        var before = await WanTrafficMeter.ReadAsync(lab, cancellationToken).ConfigureAwait(false);
        var (point, result) = await RunMeasuredAsync(run, duration, cancellationToken).ConfigureAwait(false);
        var after = await WanTrafficMeter.ReadAsync(lab, cancellationToken).ConfigureAwait(false);
        var delta = after.Since(before);
        var traffic = new WanTrafficResult(
            label, configuration, nodesPerRegion, segments, result.Transactions, delta.Bytes, delta.Packets, idleRate, (after.TakenAtUtc - before.TakenAtUtc).TotalSeconds);
        steps.Note($"{label}: {traffic.NetBytesPerTransaction:F0} WAN bytes per transaction net of {idleRate / 1000:F1} kB/s idle");
        return (point, traffic);
    }

    public async Task<IReadOnlyList<MultiWriterResult>> RunMultiWriterAsync(int writersPerRegion, TimeSpan duration, CancellationToken cancellationToken)
    {
        var workload = new MultiWriterWorkload(Login, writersPerRegion);
        await workload.PrepareAsync(cancellationToken).ConfigureAwait(false);
        var results = new List<MultiWriterResult>();
        foreach (var rows in new[] { MultiWriterWorkload.Hot, MultiWriterWorkload.Disjoint })
        {
            var outcome = await workload.RunAsync(rows, duration, cancellationToken).ConfigureAwait(false);
            var result = new MultiWriterResult(
                configuration, rows, outcome.WritersPerRegion, outcome.Regions, outcome.Elapsed.TotalSeconds, outcome.Commits, outcome.Conflicts, outcome.OtherErrors);
            steps.Note($"{configuration}: multi-writer on {rows} rows: {result.CommitsPerSecond:F1} commits/s, conflict rate {result.ConflictRate:P1}");
            results.Add(result);
        }

        return results;
    }

    private SysbenchRunner Sysbench => new(runner, Login, Writer);
}
