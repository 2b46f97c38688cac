using System.CommandLine;
using Meridian.Core.Benchmarks;
using Meridian.Runtime.Bench;
using Meridian.Runtime.Lab;
using Spectre.Console;

namespace Meridian.Cli.Commands;

/// <summary>
/// <c>meridian bench metrics</c> (hidden; bench/metrics-latency.sh drives it): how long each agent's GET /metrics takes,
/// idle and while sysbench oltp_insert writes through the first region's endpoint (target ≤ 50 ms per endpoint at
/// p99; docs/metrics.md, "Measured"). Each scrape is paired with a GET / (health, nothing rendered) as a control, and
/// the host's load average is printed: on a shared box the tail of both is the scheduler's.
/// </summary>
public static class MetricsBench
{
    public const double TargetMs = 50;

    public static Command Create(CliConsoles consoles)
    {
        var file = CommonOptions.SpecFile();
        var cluster = CommonOptions.Cluster();
        var format = CommonOptions.Format();
        var clients = new Option<int>("--clients") { Description = "sysbench oltp_insert clients.", DefaultValueFactory = _ => 16 };
        var duration = new Option<string>("--duration") { Description = "How long sysbench runs; scrapes cover all but its first and last seconds.", DefaultValueFactory = _ => "60s" };
        var pace = new Option<string>("--pace") { Description = "Pause between two scrapes of one agent.", DefaultValueFactory = _ => "200ms" };
        var command = new Command("metrics", "Time GET /metrics on every agent, idle and under sysbench oltp_insert; print p50/p99/max per node against 50 ms.")
        {
            file,
            cluster,
            format,
            clients,
            duration,
            pace,
        };
        command.SetAction((parsed, ct) => RunAsync(
            parsed.GetValue(file),
            parsed.GetValue(cluster),
            parsed.GetValue(format),
            parsed.GetValue(clients),
            ChaosCommand.ParseDuration(parsed.GetValue(duration)!, "--duration"),
            ChaosCommand.ParseDuration(parsed.GetValue(pace)!, "--pace"),
            consoles,
            ct));
        return command;
    }

    private static async Task<int> RunAsync(FileInfo? file, string? cluster, OutputFormat format, int clients, TimeSpan duration, TimeSpan pace, CliConsoles consoles, CancellationToken cancellationToken)
    {
        if (duration < TimeSpan.FromSeconds(15))
        {
            throw new UserFacingException("--duration must be at least 15s", "scrapes skip sysbench's first and last 5 s, so shorter runs leave too few samples");
        }

        var (lab, _) = LabTarget.Resolve(file, cluster, consoles);
        var human = consoles.Human(format);
        var login = LabAppLogin.Of(lab);
        var nodes = lab.Plan.GaleraNodes.ToList();
        var port = lab.Plan.Ports.AgentHttp;

        // Each pair of curls adds about 20–40 ms of process starts to the pace, so count for 60 ms.
        int Count(TimeSpan window) => Math.Max(5, (int)(window / (pace + TimeSpan.FromMilliseconds(60))));
        Task<(ScrapeTimings Metrics, ScrapeTimings Health)[]> ScrapeAllAsync(int count) =>
            Task.WhenAll(nodes.Select(n => MetricsScrapeProbe.MeasureAsync(lab.Runner, n, port, count, pace, cancellationToken)));

        human.MarkupLine($"[grey]idle: scraping {nodes.Count} agents for 10 s…[/]");
        var idleLoad = LoadAverage();
        var idle = await ScrapeAllAsync(Count(TimeSpan.FromSeconds(10))).ConfigureAwait(false);

        var sysbench = new SysbenchRunner(lab.Runner, login, login.Endpoints[0]);
        human.MarkupLine($"[grey]sysbench prepare through {login.Endpoints[0].Host}:{login.Endpoints[0].Port}…[/]");
        await sysbench.PrepareAsync(cancellationToken).ConfigureAwait(false);
        human.MarkupLine($"[grey]sysbench oltp_insert, {clients} clients, {duration.TotalSeconds:F0} s; scraping every agent meanwhile…[/]");
        var run = sysbench.RunAsync(new SysbenchRun("oltp_insert", SysbenchRun.Uniform, clients), duration, cancellationToken);
        await Task.Delay(TimeSpan.FromSeconds(5), cancellationToken).ConfigureAwait(false);
        var loaded = await ScrapeAllAsync(Count(duration - TimeSpan.FromSeconds(10))).ConfigureAwait(false);
        var busyLoad = LoadAverage();
        var load = await run.ConfigureAwait(false);

        var rows = nodes.SelectMany((n, i) => new[]
        {
            Row(n.Name, "idle", idle[i]),
            Row(n.Name, $"oltp_insert x{clients}", loaded[i]),
        }).ToList();
        human.MarkupLine($"[grey]host load average (1 min, {Environment.ProcessorCount} CPUs): {Markup.Escape(idleLoad)} before the idle scrapes, {Markup.Escape(busyLoad)} at the end of the loaded ones[/]");
        var met = rows.All(r => r.Latency is { } l && l.P99Ms <= TargetMs && r.Failures == 0);
        if (format == OutputFormat.Json)
        {
            JsonOutput.Write(consoles.Json, new
            {
                cluster = lab.Plan.Cluster,
                targetMs = TargetMs,
                met,
                loadAverage = new { idle = idleLoad, loaded = busyLoad, cpus = Environment.ProcessorCount },
                sysbench = new { clients, load.TransactionsPerSecond, load.LatencyAvgMs, load.LatencyP95Ms, load.IgnoredErrors },
                rows = rows.Select(r => new
                {
                    r.Node,
                    r.Phase,
                    samples = r.Latency?.Count ?? 0,
                    r.Failures,
                    p50Ms = r.Latency?.P50Ms,
                    p99Ms = r.Latency?.P99Ms,
                    maxMs = r.Latency?.MaxMs,
                    healthP50Ms = r.Health?.P50Ms,
                    healthP99Ms = r.Health?.P99Ms,
                }),
            });
            return met ? ExitCodes.Success : ExitCodes.Failure;
        }

        var table = new Table().Title($"GET /metrics, lab [bold]{Markup.Escape(lab.Plan.Cluster)}[/]; sysbench {load.TransactionsPerSecond:F0} tps, p95 {load.LatencyP95Ms:F1} ms")
            .AddColumns("node", "load", "scrapes", "failed", "p50", "p99", "max", "GET / p50 / p99 (control)", $"p99 ≤ {TargetMs:F0} ms");
        foreach (var r in rows)
        {
            table.AddRow(
                Markup.Escape(r.Node),
                Markup.Escape(r.Phase),
                (r.Latency?.Count ?? 0).ToString(System.Globalization.CultureInfo.InvariantCulture),
                r.Failures.ToString(System.Globalization.CultureInfo.InvariantCulture),
                r.Latency is { } a ? $"{a.P50Ms:F1} ms" : "-",
                r.Latency is { } b ? $"{b.P99Ms:F1} ms" : "-",
                r.Latency is { } c ? $"{c.MaxMs:F1} ms" : "-",
                r.Health is { } h ? $"{h.P50Ms:F1} / {h.P99Ms:F1} ms" : "-",
                r.Latency is { } d && d.P99Ms <= TargetMs && r.Failures == 0 ? "[green]yes[/]" : "[red]no[/]");
        }

        consoles.Out.Write(table);
        return met ? ExitCodes.Success : ExitCodes.Failure;
    }

    private static (string Node, string Phase, LatencySummary? Latency, int Failures, LatencySummary? Health) Row(string node, string phase, (ScrapeTimings Metrics, ScrapeTimings Health) timings) =>
        (node, phase, Summary(timings.Metrics), timings.Metrics.Failures, Summary(timings.Health));

    private static LatencySummary? Summary(ScrapeTimings timings) => timings.Samples.IsEmpty ? null : LatencySummary.Of(timings.Samples);

    /// <summary>The 1-minute load average from /proc/loadavg (https://man7.org/linux/man-pages/man5/proc.5.html).</summary>
    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";
}
