using System.Collections.Immutable;
using Meridian.Core.Benchmarks;
using Meridian.Core.Planning;
using Meridian.Core.Spec;
using Meridian.Runtime.Lab;
using Meridian.Runtime.Processes;

namespace Meridian.Runtime.Bench;

/// <summary>
/// The WAN performance benchmark (`meridian bench wan`, bench/wan-perf.sh): for each configuration it builds a lab from
/// the same spec and RTT matrix, runs every workload through the first region's endpoint, and tears the lab down before
/// the next, because every variant keeps the base spec's endpoints.port (and so the same 127.0.0.1 ports). Optionally two more labs with 2 nodes per region,
/// with and without Galera segments, measure what segment relaying saves in WAN bytes.
/// </summary>
public sealed class WanPerfBenchmark(ICommandRunner runner, string meridianExecutable, IStepReporter steps)
{
    /// <summary>
    /// Reads first, on the freshly loaded table: after thousands of write_only DELETE/INSERTs, InnoDB's purge thread
    /// still works in the background, and the CPU-bound reads measured that backlog instead of the configuration.
    /// </summary>
    public static readonly ImmutableArray<string> Workloads = ["oltp_read_only", "oltp_insert", "oltp_write_only"];

    private static readonly TimeSpan UpTimeout = TimeSpan.FromMinutes(3);

    public async Task<WanPerfReport> RunAsync(string baseYaml, string specSource, WanPerfOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var baseSpec = SpecLoader.Parse(baseYaml, specSource, SpecLoadOptions.Unsafe).Spec
            ?? throw new InvalidOperationException($"{specSource} does not load; check it with `meridian validate`");
        var probes = new List<CommitProbeResult>();
        var throughput = new List<ThroughputPoint>();
        var multiWriter = new List<MultiWriterResult>();
        var traffic = new List<WanTrafficResult>();
        BenchLab? firstLab = null;
        var settled = new Dictionary<GaleraTuning, double>();

        foreach (var tuning in options.Configurations)
        {
            var variant = new BenchLabVariant(BenchLabVariant.NameOf(tuning), BenchLabVariant.NameOf(tuning)[..3], tuning);
            await WithLabAsync(baseYaml, specSource, variant, options, async lab =>
            {
                firstLab ??= lab;
                settled[tuning] = (await lab.SettleAsync(cancellationToken).ConfigureAwait(false)).TotalSeconds;
                probes.AddRange(await lab.ProbeCommitLatencyAsync(options.ProbeCount, cancellationToken).ConfigureAwait(false));
                await lab.PrepareSysbenchAsync(cancellationToken).ConfigureAwait(false);
                foreach (var workload in Workloads)
                {
                    foreach (var clients in options.ClientCounts)
                    {
                        var run = new SysbenchRun(workload, SysbenchRun.Uniform, clients);
                        if (workload == "oltp_insert" && clients == options.TrafficClients)
                        {
                            var nodes = lab.Plan.Regions[0].GaleraHosts.Length;
                            var (point, wan) = await lab.MeasureWanTrafficAsync(
                                $"{variant.Configuration}, {nodes} node(s) per region", run, options.Duration, nodes, tuning == GaleraTuning.Derived, cancellationToken).ConfigureAwait(false);
                            throughput.Add(point);
                            traffic.Add(wan);
                        }
                        else
                        {
                            // Reads never leave the writer's node, so half the time measures them as well.
                            var duration = run.Writes ? options.Duration : options.Duration / 2;
                            throughput.Add(await lab.RunSysbenchAsync(run, duration, cancellationToken).ConfigureAwait(false));
                        }
                    }
                }

                // The multi-writer run comes before the hot sysbench runs, which only the derived lab runs three of: their
                // lock waits and purge work then skewed the derived lab's multi-writer figures alone (docs/performance.md#hot-rows).
                multiWriter.AddRange(await lab.RunMultiWriterAsync(options.WritersPerRegion, options.Duration, cancellationToken).ConfigureAwait(false));

                // sysbench's default key distribution ("special": 75 % of requests on 1 % of the rows) at the most clients;
                // for the derived settings also what a user can change: fewer clients on the hot rows, a wider hot set.
                var most = options.ClientCounts.Max();
                List<SysbenchRun> hotRuns = [new("oltp_write_only", SysbenchRun.Hotspot, most)];
                if (tuning == GaleraTuning.Derived)
                {
                    hotRuns.AddRange(options.ClientCounts.Where(c => c < most).TakeLast(1).Select(c => new SysbenchRun("oltp_write_only", SysbenchRun.Hotspot, c)));
                    hotRuns.Add(new("oltp_write_only", SysbenchRun.Hotspot, most, HotSetPercent: 10));
                }

                foreach (var hot in hotRuns)
                {
                    throughput.Add(await lab.RunSysbenchAsync(hot, options.Duration, cancellationToken).ConfigureAwait(false));
                }
            }, cancellationToken).ConfigureAwait(false);
        }

        if (options.SegmentsExperiment)
        {
            foreach (var segments in new[] { true, false })
            {
                var variant = new BenchLabVariant(
                    BenchLabVariant.NameOf(GaleraTuning.Derived), segments ? "seg" : "one", GaleraTuning.Derived, NodesPerRegion: 2, Segments: segments);
                await WithLabAsync(baseYaml, specSource, variant, options, async lab =>
                {
                    firstLab ??= lab;
                    await lab.PrepareSysbenchAsync(cancellationToken).ConfigureAwait(false);
                    var run = new SysbenchRun("oltp_insert", SysbenchRun.Uniform, options.TrafficClients);
                    var label = segments ? "derived, 2 nodes per region, one segment per region" : "derived, 2 nodes per region, all in segment 0";
                    var (_, wan) = await lab.MeasureWanTrafficAsync(label, run, options.Duration, 2, segments, cancellationToken).ConfigureAwait(false);
                    traffic.Add(wan);
                }, cancellationToken).ConfigureAwait(false);
            }
        }

        var measured = firstLab ?? throw new InvalidOperationException("no configuration was run");
        var plan = measured.Plan;
        var writer = plan.Regions[0].Name;
        var report = new WanPerfReport(
            DateTimeOffset.UtcNow,
            specSource,
            // The spec's own name; the labs ran as PREFIX-der, PREFIX-def, … beside any lab of that name.
            baseSpec.Cluster,
            [.. plan.Regions.Select(r => r.Name)],
            [.. plan.Rtt.ByPair.Select(p => RegionPair.TryParse(p.Key, out var pair)
                ? new RttPair(pair.A, pair.B, p.Value.TotalMilliseconds)
                : throw new InvalidOperationException($"bad RTT pair {p.Key}"))],
            measured.FloorMs,
            writer,
            measured.WriterMaxRttMs(writer),
            new BenchSettings((int)options.Duration.TotalSeconds, options.ClientCounts, Environment.ProcessorCount),
            [.. options.Configurations.Select(t => Describe(t) with { SettleSeconds = settled.TryGetValue(t, out var s) ? s : null })],
            [.. probes],
            [.. throughput],
            [.. multiWriter],
            [.. traffic],
            []);
        return report with { Targets = WanPerfTargets.Evaluate(report) };
    }

    public static BenchConfiguration Describe(GaleraTuning tuning) => tuning switch
    {
        GaleraTuning.Derived => new("derived", "Meridian's settings derived from the RTT matrix: one gmcast.segment per region, evs.* windows and timeouts, gcs.fc_limit, TLS.", null),
        GaleraTuning.Defaults => new("defaults", "Galera's defaults: no evs.*/gcs.* overrides, every node in segment 0; TLS and durability as derived.", null),
        GaleraTuning.Tutorial => new(
            "tutorial",
            "The old tutorial's my.cnf: innodb_flush_log_at_trx_commit=0, rsync SST, no segments, no Galera TLS.",
            "flush_log_at_trx_commit=0: up to about 1 s of acknowledged commits is lost when a node (even only mariadbd) crashes"),
        _ => throw new ArgumentOutOfRangeException(nameof(tuning)),
    };

    private async Task WithLabAsync(string baseYaml, string specSource, BenchLabVariant variant, WanPerfOptions options, Func<BenchLab, Task> measure, CancellationToken cancellationToken)
    {
        var yaml = SpecVariant.Apply(baseYaml, new SpecVariantOptions($"{options.ClusterPrefix}-{variant.ClusterSuffix}", variant.Tuning, variant.NodesPerRegion, variant.Segments));
        // The tutorial variant is the point of the comparison; its MRD091 stays a warning here (docs/spec.md, "Unsafe settings").
        var loaded = SpecLoader.Parse(yaml, specSource, SpecLoadOptions.Unsafe);
        var spec = loaded.Spec ?? throw new InvalidOperationException(
            $"the {variant.Configuration} variant of {specSource} does not load: {string.Join("; ", loaded.Errors.Select(e => e.Message))}");
        var context = new LabContext(Planner.Plan(spec), DeploymentLayout.ForCluster(options.StateRoot, spec.Cluster), runner, meridianExecutable);
        var lab = new BenchLab(context, variant.Configuration, runner, steps);
        steps.Note($"lab {spec.Cluster}: {variant.Configuration}, {spec.TotalDataNodes} Galera nodes");
        try
        {
            await lab.UpAsync(yaml, UpTimeout, cancellationToken).ConfigureAwait(false);
            await measure(lab).ConfigureAwait(false);
        }
        finally
        {
            await lab.DownAsync().ConfigureAwait(false);
        }
    }
}
