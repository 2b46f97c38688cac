using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Meridian.Core.Benchmarks;
using Meridian.Core.Chaos;
using Meridian.Core.Spec;
using Meridian.Runtime.Bench;
using Meridian.Runtime.Files;
using Meridian.Runtime.Processes;
using Spectre.Console;

namespace Meridian.Cli.Commands;

/// <summary>
/// <c>meridian bench chaos [FILE] --duration 10m --seed N</c> (hidden; bench/chaos-campaign.sh drives it): a fault
/// campaign against a running lab, `meridian check` throughout, recovery time per fault; writes
/// OUT/&lt;date&gt;-chaos.md and .json. Method: docs/operations.md "Fault campaign". Logic: Runtime/Bench/ChaosCampaign.
/// </summary>
public static class ChaosBench
{
    public static Command Create(CliConsoles consoles)
    {
        var file = CommonOptions.SpecFile();
        var cluster = CommonOptions.Cluster();
        var format = CommonOptions.Format();
        var duration = new Option<string>("--duration") { Description = "How long faults are injected (the workload runs as long).", DefaultValueFactory = _ => "10m" };
        var seed = new Option<int?>("--seed") { Description = "The schedule's seed; the same seed replays the same schedule. Default: from the clock (printed)." };
        var faults = new Option<string?>("--faults") { Description = "Comma-separated fault kinds to draw from in turn (default: every kind, crash-all included)." };
        var overlap = new Option<double>("--overlap") { Description = "Chance (0–1) that a fault arrives 1–3 s after the previous one ended, while it is still recovering.", DefaultValueFactory = _ => FaultScheduleOptions.Campaign.OverlapChance };
        var bound = new Option<string>("--bound") { Description = "A fault not recovered (3/3 Synced Primary) this long after its heal counts as needing an operator.", DefaultValueFactory = _ => "120s" };
        var render = new Option<FileInfo?>("--render") { Description = "Do not run anything: re-render DATE-chaos.md and .json from an earlier campaign's .json (its faults and check), with today's summaries and targets." };
        var output = new Option<DirectoryInfo>("--out") { Description = "Where to write DATE-chaos.md and .json.", DefaultValueFactory = _ => new DirectoryInfo(Path.Combine("bench", "results")) };
        var command = new Command(
            "chaos",
            "Fault campaign against a running lab: random faults of every kind (some overlapping) for --duration while `meridian check` runs; " +
            "per fault, seconds until every node is Synced in one full Primary component; writes DATE-chaos.md and .json with targets against measurements.")
        {
            file, cluster, format, duration, seed, faults, overlap, bound, render, output,
        };
        command.SetAction((parsed, ct) =>
        {
            var chance = parsed.GetValue(overlap);
            if (chance is < 0 or > 1 || double.IsNaN(chance))
            {
                throw new UserFacingException($"--overlap {chance.ToString(CultureInfo.InvariantCulture)} is not a chance", "use a number from 0 to 1, e.g. --overlap 0.25", ExitCodes.InvalidInput);
            }

            if (parsed.GetValue(render) is { } earlier)
            {
                return Task.FromResult(Write(Rerender(earlier), parsed.GetValue(output)!, parsed.GetValue(format), consoles));
            }

            var list = parsed.GetValue(faults);
            var options = new ChaosCampaignOptions(
                parsed.GetValue(seed) ?? Environment.TickCount,
                ChaosCommand.ParseDuration(parsed.GetValue(duration)!, "--duration"),
                string.IsNullOrWhiteSpace(list) ? FaultKinds.All : ChaosCommand.ParseFaults(list),
                FaultScheduleOptions.Campaign with { OverlapChance = chance },
                ChaosCommand.ParseDuration(parsed.GetValue(bound)!, "--bound"),
                TimeSpan.FromSeconds(3),
                TimeSpan.FromMilliseconds(500));
            return RunAsync(parsed.GetValue(file), parsed.GetValue(cluster), parsed.GetValue(format), options, parsed.GetValue(output)!, consoles, ct);
        });
        return command;
    }

    private static async Task<int> RunAsync(FileInfo? file, string? cluster, OutputFormat format, ChaosCampaignOptions options, DirectoryInfo output, CliConsoles consoles, CancellationToken cancellationToken)
    {
        var (lab, _) = LabTarget.Resolve(file, cluster, consoles);
        var login = LabCredentials.Load(lab).ToCheckLogin();
        var human = consoles.Human(format);
        var campaign = new ChaosCampaign(lab, login, ProcessCommandRunner.Instance, m => human.MarkupLine($"[grey]{Markup.Escape(m)}[/]"), e => ChaosCommand.PrintEvent(human, e));
        var report = await LabErrors.GuardAsync(() => campaign.RunAsync(options, file?.FullName ?? ClusterSpec.BuiltInSource, cancellationToken)).ConfigureAwait(false);
        return Write(report, output, format, consoles);
    }

    /// <summary>An earlier campaign's report with its per-kind summaries and targets computed again by this version.</summary>
    private static ChaosCampaignReport Rerender(FileInfo json)
    {
        ChaosCampaignReport? earlier;
        try
        {
            earlier = JsonSerializer.Deserialize(File.ReadAllText(json.FullName), ChaosCampaignJsonContext.Default.ChaosCampaignReport);
        }
        catch (Exception ex) when (ex is IOException or JsonException or UnauthorizedAccessException)
        {
            throw new UserFacingException($"--render: cannot read a campaign report from {json.FullName}: {ex.Message}", "give the .json a campaign wrote (bench/results/DATE-chaos.json)", ExitCodes.InvalidInput);
        }

        if (earlier is null)
        {
            throw new UserFacingException($"--render: {json.FullName} holds no campaign report", "give the .json a campaign wrote (bench/results/DATE-chaos.json)", ExitCodes.InvalidInput);
        }

        var kinds = earlier.Kinds.Select(k => FaultKinds.TryParse(k, out var kind) ? kind : throw new UserFacingException($"--render: unknown fault kind '{k}' in {json.FullName}", "re-render only reports of this Meridian", ExitCodes.InvalidInput)).ToList();
        var report = earlier with { ByKind = ChaosRecoveryAnalyzer.Summarize(earlier.Faults, kinds) };
        return report with { Targets = ChaosCampaignTargets.Evaluate(report) };
    }

    private static int Write(ChaosCampaignReport report, DirectoryInfo output, OutputFormat format, CliConsoles consoles)
    {
        Directory.CreateDirectory(output.FullName);
        var stem = Path.Combine(output.FullName, report.GeneratedAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "-chaos");
        AtomicFile.WriteIfChanged(stem + ".md", ChaosCampaignMarkdown.Render(report), AtomicFile.Public);
        var json = JsonSerializer.Serialize(report, ChaosCampaignJsonContext.Default.ChaosCampaignReport);
        AtomicFile.WriteIfChanged(stem + ".json", json + "\n", AtomicFile.Public);

        if (format == OutputFormat.Json)
        {
            consoles.Json.WriteLine(json);
        }
        else
        {
            var table = new Table().Title("fault campaign targets").AddColumns("target", "measured", "met");
            foreach (var target in report.Targets)
            {
                table.AddRow(Markup.Escape(target.Target), Markup.Escape(target.Measured), target.Met ? "[green]yes[/]" : "[red]no[/]");
            }

            consoles.Out.Write(table);
            consoles.Out.MarkupLine($"results: {Markup.Escape(stem)}.md, .json");
        }

        return report.Targets.All(t => t.Met) ? ExitCodes.Success : ExitCodes.Failure;
    }
}
