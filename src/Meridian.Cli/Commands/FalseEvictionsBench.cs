using System.CommandLine;
using System.Globalization;
using Meridian.Core.Benchmarks;
using Meridian.Core.Galera;
using Meridian.Core.Spec;
using Meridian.Core.Tuning;
using Meridian.Runtime.Bench;
using Meridian.Runtime.Chaos;
using Meridian.Runtime.Files;
using Meridian.Runtime.Lab;
using Spectre.Console;

namespace Meridian.Cli.Commands;

/// <summary>
/// <c>meridian bench false-evictions</c> (hidden; bench/false-evictions.sh drives it): on a running lab, puts jitter and
/// loss on every WAN link, runs sysbench for a while and counts the view changes and evictions every node's error log
/// gained (the result must be 0). With <c>--sweep</c>, repeats that for several evs.suspect_timeout values, set on the
/// running nodes, and measures the failover time of each (isolate-region → writes through a survivor), for
/// docs/performance.md#failover.
/// </summary>
public static class FalseEvictionsBench
{
    /// <summary>Survivors accept writes again within this after a region is isolated (issue 15, docs/performance.md#failover).</summary>
    private const double FailoverTargetSeconds = 3;

    public static Command Create(CliConsoles consoles)
    {
        var file = CommonOptions.SpecFile();
        var cluster = CommonOptions.Cluster();
        var format = CommonOptions.Format();
        var duration = new Option<string>("--duration") { Description = "Length of the loaded run (of each sweep point with --sweep).", DefaultValueFactory = _ => "10m" };
        var clients = new Option<int>("--clients") { Description = "sysbench oltp_write_only clients through the first region's endpoint.", DefaultValueFactory = _ => 16 };
        var jitter = new Option<double>("--jitter-percent") { Description = "Jitter on every link, in percent of its RTT (uniform ± per direction).", DefaultValueFactory = _ => 5 };
        var loss = new Option<double>("--loss-percent") { Description = "Loss on every link, in percent per direction.", DefaultValueFactory = _ => 0.5 };
        var sweep = new Option<string?>("--sweep") { Description = "Comma-separated evs.suspect_timeout values, e.g. 1s,1.5s,1.9s,3s,5s: each is set on the running nodes, loaded for --duration, then its failover is measured." };
        var isolate = new Option<string?>("--isolate") { Description = "The region a sweep point isolates (default: the last region); writes go through the first other region's endpoint." };
        var output = new Option<DirectoryInfo?>("--out") { Description = "Also write DATE-false-evictions.json there, or with --sweep DATE-failover-sweep.json and DATE-failover-curve.svg (the curve in docs/performance.md#failover); DATE-CLUSTER-… for a cluster other than demo." };
        var command = new Command(
            "false-evictions",
            "Jitter and loss on every WAN link, sysbench for --duration, and the view changes and evictions in every node's error log (must be 0); --sweep adds failover time per suspect timeout.")
        {
            file, cluster, format, duration, clients, jitter, loss, sweep, isolate, output,
        };
        command.SetAction((parsed, ct) => RunAsync(
            parsed.GetValue(file),
            parsed.GetValue(cluster),
            parsed.GetValue(format),
            new Settings(
                ChaosCommand.ParseDuration(parsed.GetValue(duration)!, "--duration"),
                CommonOptions.InRange(parsed.GetValue(clients), 1, 256, "--clients"),
                CommonOptions.InRange(parsed.GetValue(jitter), 0, 49.9, "--jitter-percent") / 100,
                CommonOptions.InRange(parsed.GetValue(loss), 0, 20, "--loss-percent"),
                ParseSweep(parsed.GetValue(sweep)),
                parsed.GetValue(isolate),
                parsed.GetValue(output)),
            consoles,
            ct));
        return command;
    }

    private sealed record Settings(TimeSpan Duration, int Clients, double JitterFraction, double LossPercent, IReadOnlyList<TimeSpan> Sweep, string? Isolate, DirectoryInfo? Output);

    private sealed record Point(string Label, GaleraWanTuning Tuning, double ExpectedFailoverSeconds, IReadOnlyDictionary<string, MembershipEvents> Events, double? FailoverSeconds, double Tps)
    {
        public MembershipEvents Sum => Events.Values.Aggregate(MembershipEvents.None, (a, b) => a.Plus(b));
    }

    private static async Task<int> RunAsync(FileInfo? file, string? cluster, OutputFormat format, Settings settings, CliConsoles consoles, CancellationToken cancellationToken)
    {
        var (lab, _) = LabTarget.Resolve(file, cluster, consoles);
        var human = consoles.Human(format);
        var login = LabAppLogin.Of(lab);
        var probe = new FalseEvictionProbe(lab);
        var sysbench = new SysbenchRunner(lab.Runner, login, login.Endpoints[0]);
        var run = new SysbenchRun("oltp_write_only", SysbenchRun.Uniform, settings.Clients);
        var derived = lab.Plan.Tuning.Galera;
        var points = new List<Point>();

        human.MarkupLine($"[grey]preparing sysbench; then {settings.JitterFraction:P1} jitter and {settings.LossPercent:0.##} % loss on every link[/]");
        await LabErrors.GuardAsync(() => sysbench.PrepareAsync(cancellationToken)).ConfigureAwait(false);
        var before = await LabErrors.GuardAsync(() => probe.ImpairEveryLinkAsync(settings.JitterFraction, settings.LossPercent, cancellationToken)).ConfigureAwait(false);
        try
        {
            if (settings.Sweep.Count == 0)
            {
                points.Add(await LoadedRunAsync("derived", derived, failover: false).ConfigureAwait(false));
            }
            else
            {
                foreach (var suspect in settings.Sweep)
                {
                    var tuning = EvsSweep.WithSuspect(derived, suspect);
                    await LabErrors.GuardAsync(() => probe.ApplyEvsAsync(tuning, cancellationToken)).ConfigureAwait(false);
                    points.Add(await LoadedRunAsync($"suspect {GaleraPeriodLabel(suspect)}", tuning, failover: true).ConfigureAwait(false));
                }
            }
        }
        finally
        {
            if (settings.Sweep.Count > 0)
            {
                // Back to the derived timeouts (also what a restart of mariadbd would read from my.cnf).
                await LabErrors.GuardAsync(() => probe.ApplyEvsAsync(derived, CancellationToken.None)).ConfigureAwait(false);
            }

            await probe.RestoreLinksAsync(before, CancellationToken.None).ConfigureAwait(false);
        }

        Print(lab, settings, points, format, consoles);
        return points.All(p => p.Sum.Total == 0) ? ExitCodes.Success : ExitCodes.Failure;

        async Task<Point> LoadedRunAsync(string label, GaleraWanTuning tuning, bool failover)
        {
            human.MarkupLine($"[grey]{Markup.Escape(label)}: {run.Workload} × {run.Clients} for {settings.Duration.TotalSeconds:F0} s[/]");
            var offsets = probe.LogOffsets();
            var result = await LabErrors.GuardAsync(() => sysbench.RunAsync(run, settings.Duration, cancellationToken)).ConfigureAwait(false);
            var events = probe.EventsSince(offsets);
            double? failoverSeconds = null;
            if (failover)
            {
                var isolated = settings.Isolate ?? lab.Plan.Regions[^1].Name;
                var survivor = login.Endpoints.First(e => e.Region != isolated);
                var recovery = new RecoveryProbe(lab, e => ChaosCommand.PrintEvent(human, e));
                failoverSeconds = (await LabErrors.GuardAsync(() => recovery.IsolationToWritesAsync(login, isolated, survivor, TimeSpan.FromSeconds(20), cancellationToken)).ConfigureAwait(false))?.TotalSeconds;
                await ClusterHealth.WaitForFullySyncedAsync(lab, TimeSpan.FromSeconds(120), cancellationToken).ConfigureAwait(false);
            }

            var expected = FailoverEstimate.Expected(tuning, lab.Plan.Rtt, lab.Plan.Impairments).TotalSeconds;
            return new Point(label, tuning, expected, events, failoverSeconds, result.TransactionsPerSecond);
        }
    }

    private static void Print(LabContext lab, Settings settings, List<Point> points, OutputFormat format, CliConsoles consoles)
    {
        var report = new
        {
            cluster = lab.Plan.Cluster,
            durationSeconds = settings.Duration.TotalSeconds,
            clients = settings.Clients,
            jitterPercentOfRtt = settings.JitterFraction * 100,
            lossPercent = settings.LossPercent,
            points = points.Select(p => new
            {
                label = p.Label,
                suspectSeconds = p.Tuning.SuspectTimeout.TotalSeconds,
                keepaliveSeconds = p.Tuning.KeepalivePeriod.TotalSeconds,
                inactiveSeconds = p.Tuning.InactiveTimeout.TotalSeconds,
                expectedFailoverSeconds = p.ExpectedFailoverSeconds,
                failoverSeconds = p.FailoverSeconds,
                tps = p.Tps,
                viewChanges = p.Sum.ViewChanges,
                evictions = p.Sum.Evictions,
                partitionedMembers = p.Sum.PartitionedMembers,
                suspicions = p.Sum.Suspicions,
                falseEvictions = p.Sum.Total,
                nodes = p.Events,
            }),
        };
        if (settings.Output is { } output)
        {
            Directory.CreateDirectory(output.FullName);
            // Another cluster's run gets its name in the file name, so it never overwrites the default lab's result.
            var date = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            var stem = Path.Combine(output.FullName, lab.Plan.Cluster == ClusterSpec.Default.Cluster ? date : $"{date}-{lab.Plan.Cluster}");
            using var json = new StringWriter(CultureInfo.InvariantCulture);
            JsonOutput.Write(json, report);
            AtomicFile.WriteIfChanged(stem + (settings.Sweep.Count > 0 ? "-failover-sweep.json" : "-false-evictions.json"), json.ToString(), AtomicFile.Public);
            if (settings.Sweep.Count > 0)
            {
                var title = $"{lab.Plan.Cluster}: failover against evs.suspect_timeout ({settings.JitterFraction:P0} jitter, {settings.LossPercent:0.##} % loss, {settings.Clients} clients)";
                var curve = points.Select(p => new FailoverCurvePoint(p.Tuning.SuspectTimeout.TotalSeconds, p.ExpectedFailoverSeconds, p.FailoverSeconds, p.Sum.Total, p.Sum.Suspicions)).ToList();
                AtomicFile.WriteIfChanged(stem + "-failover-curve.svg", FailoverCurveChart.RenderSvg(title, curve, FailoverTargetSeconds, lab.Plan.Tuning.Galera.SuspectTimeout.TotalSeconds), AtomicFile.Public);
            }
        }

        if (format == OutputFormat.Json)
        {
            JsonOutput.Write(consoles.Json, report);
            return;
        }

        var table = new Table()
            .Title($"false evictions, lab [bold]{Markup.Escape(lab.Plan.Cluster)}[/], {settings.Clients} clients, {settings.JitterFraction:P1} jitter, {settings.LossPercent:0.##} % loss, {settings.Duration.TotalSeconds:F0} s per point")
            .AddColumns("point", "suspect", "keepalive", "expected failover", "failover", "tps", "view changes", "evictions", "suspicions");
        foreach (var p in points)
        {
            table.AddRow(
                Markup.Escape(p.Label),
                $"{p.Tuning.SuspectTimeout.TotalSeconds:0.0##} s",
                $"{p.Tuning.KeepalivePeriod.TotalSeconds:0.0##} s",
                $"{p.ExpectedFailoverSeconds:F2} s",
                p.FailoverSeconds is { } f ? $"{f:F1} s" : "-",
                p.Tps.ToString("F1", CultureInfo.InvariantCulture),
                Count(p.Sum.ViewChanges),
                Count(p.Sum.Evictions),
                p.Sum.Suspicions.ToString(CultureInfo.InvariantCulture));
        }

        consoles.Out.Write(table);
        foreach (var p in points)
        {
            consoles.Out.MarkupLine($"{Markup.Escape(p.Label)}: [bold]{p.Sum.Total}[/] false evictions (view changes + evictions over {string.Join(", ", p.Events.Select(e => $"{Markup.Escape(e.Key)} {e.Value.Total}"))}; target 0)");
        }
    }

    private static string Count(int n) => n == 0 ? "0" : $"[red]{n}[/]";

    private static string GaleraPeriodLabel(TimeSpan suspect) => $"{suspect.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s";

    private static IReadOnlyList<TimeSpan> ParseSweep(string? text) =>
        string.IsNullOrWhiteSpace(text)
            ? []
            : [.. text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(t =>
            {
                var value = ChaosCommand.ParseDuration(t, "--sweep");
                return value >= TimeSpan.FromMilliseconds(300) && value <= TimeSpan.FromSeconds(60)
                    ? value
                    : throw new UserFacingException($"--sweep value '{t}' is outside 0.3–60 s", "write e.g. --sweep 1s,1.5s,1.9s,3s,5s", ExitCodes.InvalidInput);
            })];
}
