using System.CommandLine;
using System.Globalization;
using Meridian.Core.Chaos;
using Meridian.Runtime.Chaos;
using Meridian.Providers.Local;
using Meridian.Runtime.Checks;
using Spectre.Console;

namespace Meridian.Cli.Commands;

/// <summary>
/// <c>meridian check [FILE] --duration 2m [--during-chaos] [--format json]</c>: a Jepsen-style bank and append checker
/// through every region's endpoint; exits 1 on any lost acknowledged write or violated invariant. Logic: Runtime/Checks.
/// </summary>
public static class CheckCommand
{
    public static Command Create(CliConsoles consoles)
    {
        var file = CommonOptions.SpecFile();
        var cluster = CommonOptions.Cluster();
        var format = CommonOptions.Format();
        var duration = new Option<string>("--duration") { Description = "How long the workload runs, e.g. 30s or 2m.", DefaultValueFactory = _ => "2m" };
        var duringChaos = new Option<bool>("--during-chaos") { Description = "Inject random survivable faults while the workload runs." };
        var faults = new Option<string?>("--faults") { Description = "With --during-chaos: a comma-separated list of faults to draw from (default: every survivable one)." };
        var seed = new Option<int?>("--seed") { Description = "With --during-chaos: the schedule's seed (default: from the clock, printed)." };
        var command = new Command("check", "Run bank transfers and appends through every region's endpoint, then verify: no acknowledged write lost, total balance unchanged, no duplicates.")
        {
            file,
            cluster,
            format,
            duration,
            duringChaos,
            faults,
            seed,
        };
        command.SetAction((parsed, ct) => RunAsync(
            parsed.GetValue(file),
            parsed.GetValue(cluster),
            parsed.GetValue(format),
            ChaosCommand.ParseDuration(parsed.GetValue(duration)!, "--duration"),
            parsed.GetValue(duringChaos),
            parsed.GetValue(faults),
            parsed.GetValue(seed),
            consoles,
            ct));
        return command;
    }

    private static async Task<int> RunAsync(FileInfo? file, string? cluster, OutputFormat format, TimeSpan duration, bool duringChaos, string? faultList, int? seed, CliConsoles consoles, CancellationToken cancellationToken)
    {
        var loaded = LoadedSpec.Load(file, cluster, consoles);
        var human = consoles.Human(format);
        await using var operations = await ClusterOperations.OpenAsync(loaded, cancellationToken).ConfigureAwait(false);
        var lab = (operations as LabOperations)?.Lab;
        if (duringChaos && lab is null)
        {
            throw new UserFacingException("--during-chaos works on the local lab only; its faults include the lab's network faults", "run `meridian check` without --during-chaos on an ssh cluster", ExitCodes.InvalidInput);
        }

        IReadOnlyList<ScheduledFault> schedule = [];
        if (duringChaos)
        {
            var chosenSeed = seed ?? Environment.TickCount;
            var kinds = ChaosCommand.ParseFaults(faultList).Where(FaultKinds.Survivable.Contains).ToList();
            schedule = FaultScheduler.Plan(chosenSeed, duration, kinds, FaultTargetResolver.Targets(operations.Plan), FaultScheduleOptions.Default);
            human.MarkupLine($"[grey]chaos seed {chosenSeed}: {string.Join("; ", schedule.Select(s => s.ToString()))}[/]");
        }

        // The endpoints on 127.0.0.1: the lab's forwarders, or SSH forwards that live as long as `operations`.
        var login = await ClusterOperations.GuardAsync(() => operations.AppLoginAsync(cancellationToken)).ConfigureAwait(false);
        var check = new ConsistencyCheck(lab, login, new CheckOptions(duration), m => human.MarkupLine($"[grey]{Markup.Escape(m)}[/]"),
            (timeout, token) => operations.WaitForNodesSyncedAsync(timeout, token));
        var report = await ClusterOperations.GuardAsync(() => check.RunAsync(schedule, e => ChaosCommand.PrintEvent(human, e), cancellationToken)).ConfigureAwait(false);
        return Report(operations.Plan.Cluster, report, format, consoles);
    }

    private static int Report(string cluster, CheckReport report, OutputFormat format, CliConsoles consoles)
    {
        if (format == OutputFormat.Json)
        {
            JsonOutput.Write(consoles.Json, new
            {
                cluster,
                passed = report.Passed,
                durationSeconds = Math.Round(report.Duration.TotalSeconds, 1),
                acknowledged = report.Acknowledged,
                acknowledgedAppends = report.AcknowledgedAppends,
                acknowledgedTransfers = report.AcknowledgedTransfers,
                unknownAppends = report.UnknownAppends,
                unknownTransfers = report.UnknownTransfers,
                lost = report.Lost,
                duplicates = report.Duplicates,
                invariantViolations = report.InvariantViolations,
                syncedAfterSeconds = report.SyncedAfter?.TotalSeconds,
                errorsByKind = report.ErrorsByKind,
                verdicts = report.Verdicts,
                faults = report.Faults,
            });
        }
        else
        {
            Print(report, consoles.Out);
        }

        return report.Passed ? ExitCodes.Success : ExitCodes.Failure;
    }

    private static void Print(CheckReport report, IAnsiConsole console)
    {
        var table = new Table().Title("consistency check").AddColumns("measure", "count");
        table.AddRow("acknowledged writes", Count(report.Acknowledged));
        table.AddRow("  appends", Count(report.AcknowledgedAppends));
        table.AddRow("  transfers", Count(report.AcknowledgedTransfers));
        table.AddRow("unknown outcome (error returned)", Count(report.UnknownAppends + report.UnknownTransfers));
        table.AddRow("lost acknowledged writes", report.Lost == 0 ? "[green]0[/]" : $"[red]{report.Lost}[/]");
        table.AddRow("duplicate appends", report.Duplicates == 0 ? "[green]0[/]" : $"[red]{report.Duplicates}[/]");
        table.AddRow("invariant violations", report.InvariantViolations == 0 ? "[green]0[/]" : $"[red]{report.InvariantViolations}[/]");
        table.AddRow("faults injected", Count(report.Faults.Count(f => f.Action is not "skipped" and not "failed" and not "undone" and not "SIGCONT" and not "wan.rejoin" and not "wan.heal")));
        foreach (var (kind, count) in report.ErrorsByKind)
        {
            table.AddRow($"error: {Markup.Escape(kind)}", Count(count));
        }

        console.Write(table);
        foreach (var verdict in report.Verdicts)
        {
            foreach (var violation in verdict.Violations)
            {
                console.MarkupLine($"[red]violation[/] via {Markup.Escape(verdict.Endpoint)}: {Markup.Escape(violation)}");
            }
        }

        console.MarkupLine(report.SyncedAfter is { } synced
            ? $"cluster fully Synced {synced.TotalSeconds:F1} s after the workload ended; read back through {report.Verdicts.Length} endpoint(s)"
            : "[red]the cluster was not fully Synced again in time; nothing was read back[/]");
        console.MarkupLine(report.Passed ? "[green]PASS[/]" : "[red]FAIL[/]");
    }

    private static string Count(int n) => n.ToString(CultureInfo.InvariantCulture);
}
