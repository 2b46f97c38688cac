using System.CommandLine;
using System.Globalization;
using Meridian.Core.Chaos;
using Meridian.Runtime.Chaos;
using Spectre.Console;

namespace Meridian.Cli.Commands;

/// <summary>
/// <c>meridian chaos FAULT [FILE] [--target NODE|REGION|A~B] [--duration 10s]</c>, or <c>--random --duration 5m --seed N</c>:
/// fault drills against a running lab. The logic is in Runtime/Chaos and the schedule in Core/Chaos.
/// </summary>
public static class ChaosCommand
{
    public static Command Create(CliConsoles consoles)
    {
        var fault = new Argument<string?>("fault")
        {
            Description = "One of: " + string.Join(", ", FaultKinds.All.Select(FaultKinds.Name)) + ". Omit it with --random.",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var file = CommonOptions.SpecFile();
        var cluster = CommonOptions.Cluster();
        var format = CommonOptions.Format();
        var target = new Option<string?>("--target") { Description = "A Galera node host (e.g. us-east-1-db1), a region, or a region pair A~B. Default: the first." };
        var duration = new Option<string>("--duration") { Description = "How long a timed fault lasts (isolate-region, cut-link, pause-node), or the length of a --random run.", DefaultValueFactory = _ => "10s" };
        var random = new Option<bool>("--random") { Description = "Inject survivable faults at random for --duration (deterministic with --seed)." };
        var seed = new Option<int?>("--seed") { Description = "Seed for --random; the same seed replays the same schedule. Default: from the clock (printed)." };
        var command = new Command("chaos", "Inject a fault into a running lab: kill -9 a node, agent, router or etcd member; isolate a region; cut a link; pause a node; crash every node. On a provider: ssh cluster, one process fault at a time. Prints what was done, to which PID, when.")
        {
            fault,
            file,
            cluster,
            format,
            target,
            duration,
            random,
            seed,
        };
        command.SetAction((parsed, ct) => RunAsync(
            parsed.GetValue(fault),
            parsed.GetValue(file),
            parsed.GetValue(cluster),
            parsed.GetValue(format),
            parsed.GetValue(target),
            ParseDuration(parsed.GetValue(duration)!, "--duration"),
            parsed.GetValue(random),
            parsed.GetValue(seed),
            consoles,
            ct));
        return command;
    }

    public static TimeSpan ParseDuration(string text, string option) =>
        DurationText.TryParse(text, out var value) && value <= TimeSpan.FromHours(24)
            ? value
            : throw new UserFacingException($"{option} '{text}' is not a duration", $"write e.g. {option} 10s or {option} 5m (at most 24h)", ExitCodes.InvalidInput);

    public static IReadOnlyList<FaultKind> ParseFaults(string? list)
    {
        if (string.IsNullOrWhiteSpace(list))
        {
            return FaultKinds.Survivable;
        }

        return [.. list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(ParseFault)];
    }

    public static FaultKind ParseFault(string name) =>
        FaultKinds.TryParse(name, out var kind)
            ? kind
            : throw new UserFacingException($"unknown fault '{name}'", "one of: " + string.Join(", ", FaultKinds.All.Select(FaultKinds.Name)), ExitCodes.InvalidInput);

    public static void PrintEvent(IAnsiConsole console, FaultEvent e) =>
        console.MarkupLine(Markup.Escape(string.Create(
            CultureInfo.InvariantCulture,
            $"{e.At:HH:mm:ss.fff} {e.Fault} {e.Target}: {e.Action}{(e.Pid is { } pid ? $" pid {pid}" : string.Empty)} ({e.Detail})")));

    private static async Task<int> RunAsync(string? faultName, FileInfo? file, string? cluster, OutputFormat format, string? target, TimeSpan duration, bool random, int? seed, CliConsoles consoles, CancellationToken cancellationToken)
    {
        var loaded = LoadedSpec.Load(file, cluster, consoles);
        var human = consoles.Human(format);
        var events = new List<FaultEvent>();
        void Report(FaultEvent e)
        {
            lock (events)
            {
                events.Add(e);
            }

            PrintEvent(human, e);
        }

        if (!random)
        {
            if (faultName is null)
            {
                throw new UserFacingException("no fault named", "write e.g. `meridian chaos kill-node --target us-east-1`, or use --random", ExitCodes.InvalidInput);
            }

            // One fault, on any provider: the lab's injector, or the ssh hosts' (docs/providers.md, "Fault drills on an ssh cluster").
            var kind = ParseFault(faultName);
            await using var operations = await ClusterOperations.OpenAsync(loaded, cancellationToken).ConfigureAwait(false);
            var resolved = await LabErrors.GuardAsync(() => Task.FromResult(FaultTargetResolver.Resolve(operations.Plan, kind, target))).ConfigureAwait(false);
            await ClusterOperations.GuardAsync(() => operations.InjectFaultAsync(kind, resolved, duration, Report, cancellationToken)).ConfigureAwait(false);
            return Events(events, format, consoles);
        }

        if (SshTarget.From(loaded, trustNewHosts: false, TimeSpan.Zero) is not null)
        {
            throw new UserFacingException("--random works on the local lab only: its schedule draws the lab's network faults too", "run one named fault at a time on an ssh cluster, e.g. `meridian chaos kill-node --cluster NAME --target REGION`", ExitCodes.InvalidInput);
        }

        var (lab, _) = LabTarget.For(loaded);
        var chosenSeed = seed ?? Environment.TickCount;
        var kinds = faultName is null ? FaultKinds.Survivable : ParseFaults(faultName);
        var schedule = FaultScheduler.Plan(chosenSeed, duration, kinds, FaultTargetResolver.Targets(lab.Plan), FaultScheduleOptions.Default);
        human.MarkupLine($"[grey]seed {chosenSeed}: {schedule.Length} fault(s) over {duration.TotalSeconds:F0} s[/]");
        foreach (var planned in schedule)
        {
            human.MarkupLine($"[grey]  {Markup.Escape(planned.ToString())}[/]");
        }

        await LabErrors.GuardAsync(() => new ChaosRunner(lab, Report).RunAsync(schedule, cancellationToken)).ConfigureAwait(false);
        return Events(events, format, consoles);
    }

    private static int Events(List<FaultEvent> events, OutputFormat format, CliConsoles consoles)
    {
        if (format == OutputFormat.Json)
        {
            JsonOutput.Write(consoles.Json, events);
        }

        return ExitCodes.Success;
    }
}
