using System.CommandLine;
using System.Globalization;
using Meridian.Core.Benchmarks;
using Meridian.Core.Decisions;
using Meridian.Runtime.Bench;
using Meridian.Runtime.Lab;
using Spectre.Console;

namespace Meridian.Cli.Commands;

/// <summary>
/// <c>meridian bench cpu</c> (hidden; bench/cpu-profile.sh drives it): a sysbench run through the first region's
/// endpoint of a running lab, and where the machine's CPU went meanwhile, per part of the lab (<see cref="LabCpuRole"/>),
/// beside the throughput as a fraction of N/F. It answers whether the lab or Galera bounds a run
/// (docs/performance.md#where-the-cpu-goes).
/// </summary>
public static class CpuProfileBench
{
    public static Command Create(CliConsoles consoles)
    {
        var file = CommonOptions.SpecFile();
        var cluster = CommonOptions.Cluster();
        var format = CommonOptions.Format();
        var workload = new Option<string>("--workload") { Description = "sysbench workload.", DefaultValueFactory = _ => "oltp_insert" };
        var clients = new Option<int>("--clients") { Description = "sysbench clients.", DefaultValueFactory = _ => 64 };
        var distribution = new Option<string>("--distribution") { Description = "sysbench --rand-type: uniform, or special (75 % of the requests on 1 % of the rows).", DefaultValueFactory = _ => SysbenchRun.Uniform };
        distribution.AcceptOnlyFromAmong(SysbenchRun.Uniform, SysbenchRun.Hotspot);
        var duration = new Option<string>("--duration") { Description = "Length of each run.", DefaultValueFactory = _ => "20s" };
        var runs = new Option<int>("--runs") { Description = "Runs, each profiled on its own.", DefaultValueFactory = _ => 3 };
        var command = new Command("cpu", "A sysbench run through the first region's endpoint, and which part of the lab used the CPU meanwhile (cores per part), with tps against N/F.")
        {
            file, cluster, format, workload, clients, distribution, duration, runs,
        };
        command.SetAction((parsed, ct) => RunAsync(
            parsed.GetValue(file),
            parsed.GetValue(cluster),
            parsed.GetValue(format),
            new SysbenchRun(parsed.GetValue(workload)!, parsed.GetValue(distribution)!, CommonOptions.InRange(parsed.GetValue(clients), 1, 1024, "--clients")),
            ChaosCommand.ParseDuration(parsed.GetValue(duration)!, "--duration"),
            CommonOptions.InRange(parsed.GetValue(runs), 1, 20, "--runs"),
            consoles,
            ct));
        return command;
    }

    private static async Task<int> RunAsync(FileInfo? file, string? cluster, OutputFormat format, SysbenchRun run, TimeSpan duration, int runs, CliConsoles consoles, CancellationToken cancellationToken)
    {
        var (lab, _) = LabTarget.Resolve(file, cluster, consoles);
        var human = consoles.Human(format);
        var login = LabAppLogin.Of(lab);
        var sysbench = new SysbenchRunner(lab.Runner, login, login.Endpoints[0]);
        var floor = CommitLatencyFloor.ForEndpoint(lab.Plan, lab.Plan.Regions[0]);
        var bound = run.Clients / floor.TotalSeconds;
        var results = new List<(SysbenchResult Sysbench, CpuProfile Profile)>();
        await LabErrors.GuardAsync(() => sysbench.PrepareAsync(cancellationToken)).ConfigureAwait(false);
        for (var i = 1; i <= runs; i++)
        {
            human.MarkupLine($"[grey]run {i}/{runs}: {run.Workload} × {run.Clients} for {duration.TotalSeconds:F0} s[/]");
            var before = ProcessCpuSnapshot.Read(LabTarget.StateRoot);
            var boxBefore = CpuSample.Read();
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var result = await LabErrors.GuardAsync(() => sysbench.RunAsync(run, duration, cancellationToken)).ConfigureAwait(false);
            var seconds = System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds;
            var after = ProcessCpuSnapshot.Read(LabTarget.StateRoot);
            var busy = (CpuSample.Read().BusySince(boxBefore) ?? 0) * Environment.ProcessorCount;
            results.Add((result, CpuProfile.Between(before, after, seconds, ProcessCpuSnapshot.TicksPerSecond, Math.Round(busy, 3))));
        }

        if (format == OutputFormat.Json)
        {
            JsonOutput.Write(consoles.Json, new
            {
                cluster = lab.Plan.Cluster,
                workload = run.Workload,
                clients = run.Clients,
                floorMs = floor.TotalMilliseconds,
                boundTps = bound,
                cores = Environment.ProcessorCount,
                runs = results.Select(r => new { tps = r.Sysbench.TransactionsPerSecond, ofBound = r.Sysbench.TransactionsPerSecond / bound, r.Profile }),
            });
            return ExitCodes.Success;
        }

        foreach (var (result, profile) in results)
        {
            var table = new Table()
                .Title($"{run.Workload} × {run.Clients}: {result.TransactionsPerSecond:F1} tps = {result.TransactionsPerSecond / bound:F2} of N/F ({bound:F0}); box busy {profile.BoxBusyCores:F2} of {Environment.ProcessorCount} cores")
                .AddColumns("part of the lab", "processes", "cores", "share of busy");
            foreach (var role in profile.Roles)
            {
                table.AddRow(Markup.Escape(role.Name), role.Processes.ToString(CultureInfo.InvariantCulture), role.Cores.ToString("F3", CultureInfo.InvariantCulture), profile.BoxBusyCores > 0 ? (role.Cores / profile.BoxBusyCores).ToString("P0", CultureInfo.InvariantCulture) : "-");
            }

            consoles.Out.Write(table);
        }

        return ExitCodes.Success;
    }
}
