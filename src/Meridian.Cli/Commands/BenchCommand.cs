using System.CommandLine;
using Meridian.Cli.Bench;
using Meridian.Core.Benchmarks;
using Meridian.Core.Decisions;
using Meridian.Runtime.Bench;
using MySqlConnector;
using Spectre.Console;

namespace Meridian.Cli.Commands;

/// <summary>
/// <c>meridian bench commit-latency</c> (hidden; bench/commit-latency.sh drives it): single-client autocommit INSERT
/// latency through each region's 127.0.0.1 endpoint, against the floor F = (RTT12 + RTT13 + RTT23) / 2.
/// </summary>
public static class BenchCommand
{
    public static Command Create(CliConsoles consoles)
    {
        var bench = new Command("bench", "Benchmarks against a running lab.") { Hidden = true };
        bench.Subcommands.Add(CommitLatency(consoles));
        bench.Subcommands.Add(RecoveryBench.Create(consoles));
        bench.Subcommands.Add(WanBench.Create(consoles));
        bench.Subcommands.Add(ChaosBench.Create(consoles));
        bench.Subcommands.Add(MetricsBench.Create(consoles));
        bench.Subcommands.Add(FalseEvictionsBench.Create(consoles));
        bench.Subcommands.Add(HotRowsBench.Create(consoles));
        bench.Subcommands.Add(CpuProfileBench.Create(consoles));
        return bench;
    }

    private static Command CommitLatency(CliConsoles consoles)
    {
        var file = CommonOptions.SpecFile();
        var cluster = CommonOptions.Cluster();
        var format = CommonOptions.Format();
        var count = new Option<int>("--count", "-n")
        {
            Description = "Timed INSERTs per region (after 5 untimed warm-up statements).",
            DefaultValueFactory = _ => 200,
        };
        count.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1 or > 100_000)
            {
                r.AddError("--count must be between 1 and 100000");
            }
        });
        var command = new Command(
            "commit-latency",
            "Time N single-client autocommit INSERTs through each region's 127.0.0.1 endpoint; print p50/p99 per region and the floor F from the spec's RTTs.")
        {
            file,
            cluster,
            format,
            count,
        };
        command.SetAction((parsed, ct) => RunAsync(parsed.GetValue(file), parsed.GetValue(cluster), parsed.GetValue(format), parsed.GetValue(count), consoles, ct));
        return command;
    }

    private static async Task<int> RunAsync(FileInfo? file, string? cluster, OutputFormat format, int count, CliConsoles consoles, CancellationToken cancellationToken)
    {
        var (lab, _) = LabTarget.Resolve(file, cluster, consoles);
        var credentials = LabCredentials.Load(lab);
        var human = consoles.Human(format);
        var login = credentials.ToCheckLogin();
        var results = new List<CommitLatencyResult>();
        foreach (var endpoint in login.Endpoints)
        {
            human.MarkupLine($"[grey]{Markup.Escape(endpoint.Region)}: {count} INSERTs through {endpoint.Host}:{endpoint.Port}…[/]");
            IReadOnlyList<TimeSpan> samples;
            try
            {
                samples = await CommitLatencyProbe.MeasureAsync(login, endpoint, count, cancellationToken).ConfigureAwait(false);
            }
            catch (MySqlException ex)
            {
                throw new UserFacingException(
                    $"{endpoint.Region}: a statement through the SQL endpoint {endpoint.Host}:{endpoint.Port} failed: {ex.Message}",
                    "the lab must be up with its Galera nodes and endpoints (`meridian status`); `meridian credentials` shows the login");
            }

            var floor = CommitLatencyFloor.ForEndpoint(lab.Plan, lab.Plan.Region(endpoint.Region));
            results.Add(new CommitLatencyResult(endpoint.Region, endpoint.Port, LatencySummary.Of([.. samples]), floor.TotalMilliseconds));
        }

        if (format == OutputFormat.Json)
        {
            JsonOutput.Write(consoles.Json, new { cluster = lab.Plan.Cluster, count, results });
            return ExitCodes.Success;
        }

        var table = new Table().Title($"commit latency, lab [bold]{Markup.Escape(lab.Plan.Cluster)}[/], {count} autocommit INSERTs per region")
            .AddColumns("region", "endpoint", "p50", "p99", "max", "floor F", "p50 / F");
        foreach (var r in results)
        {
            table.AddRow(
                Markup.Escape(r.Region),
                $"127.0.0.1:{r.Port}",
                $"{r.Latency.P50Ms:F1} ms",
                $"{r.Latency.P99Ms:F1} ms",
                $"{r.Latency.MaxMs:F1} ms",
                $"{r.FloorMs:F1} ms",
                $"{r.P50OverFloor:F3}");
        }

        consoles.Out.Write(table);
        return ExitCodes.Success;
    }
}
