using System.CommandLine;
using System.Globalization;
using Meridian.Core.Benchmarks;
using Meridian.Core.Spec;
using Meridian.Runtime.Bench;
using Meridian.Runtime.Lab;
using Spectre.Console;

namespace Meridian.Cli.Commands;

/// <summary>
/// <c>meridian bench hot-rows</c> (hidden; bench/hot-rows.sh drives it): on one running lab, the multi-writer run on
/// hot and disjoint rows under each <see cref="HotRowVariants"/> setting, interleaved round by round (each round starts
/// with the next variant, so none always runs first), with the wsrep counters and the logged certification conflicts
/// of every run; then the median and spread per variant. docs/performance.md#hot-rows.
/// </summary>
public static class HotRowsBench
{
    /// <summary>Queues from the previous variant's last run drain before the next one starts.</summary>
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(3);

    public static Command Create(CliConsoles consoles)
    {
        var file = CommonOptions.SpecFile();
        var cluster = CommonOptions.Cluster();
        var format = CommonOptions.Format();
        var rounds = new Option<int>("--rounds") { Description = "Runs of each variant, interleaved.", DefaultValueFactory = _ => 5 };
        var duration = new Option<string>("--duration") { Description = "Length of each hot-row run.", DefaultValueFactory = _ => "20s" };
        var disjoint = new Option<string>("--disjoint-duration") { Description = "Length of each disjoint-row run after it (0s: none).", DefaultValueFactory = _ => "10s" };
        var writers = new Option<int>("--writers-per-region") { Description = "Writers per region, each an autocommit UPDATE loop.", DefaultValueFactory = _ => 4 };
        var variants = new Option<string>("--variants")
        {
            Description = "Comma-separated settings to compare: " + string.Join(", ", HotRowVariants.Names) + ".",
            DefaultValueFactory = _ => string.Join(",", HotRowVariants.Names),
        };
        var command = new Command(
            "hot-rows",
            "Multi-writer runs on 8 hot rows (and on disjoint rows) under derived, Galera's defaults and derived with single settings reverted, " +
            "interleaved on one running lab; median and spread of commits/s and conflicts per variant, with the wsrep counters and logged conflicts.")
        {
            file, cluster, format, rounds, duration, disjoint, writers, variants,
        };
        command.SetAction((parsed, ct) => RunAsync(
            parsed.GetValue(file),
            parsed.GetValue(cluster),
            parsed.GetValue(format),
            new Settings(
                CommonOptions.InRange(parsed.GetValue(rounds), 1, 100, "--rounds"),
                Positive(ChaosCommand.ParseDuration(parsed.GetValue(duration)!, "--duration"), "--duration"),
                ChaosCommand.ParseDuration(parsed.GetValue(disjoint)!, "--disjoint-duration"),
                CommonOptions.InRange(parsed.GetValue(writers), 1, 64, "--writers-per-region"),
                parsed.GetValue(variants)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)),
            consoles,
            ct));
        return command;
    }

    private sealed record Settings(int Rounds, TimeSpan Duration, TimeSpan DisjointDuration, int WritersPerRegion, IReadOnlyList<string> Variants);

    private static async Task<int> RunAsync(FileInfo? file, string? cluster, OutputFormat format, Settings settings, CliConsoles consoles, CancellationToken cancellationToken)
    {
        var (lab, _) = LabTarget.Resolve(file, cluster, consoles);
        var human = consoles.Human(format);
        var all = HotRowVariants.For(lab.Plan.Tuning.Galera);
        IReadOnlyList<HotRowVariant> chosen;
        try
        {
            chosen = HotRowVariants.Select(lab.Plan.Tuning.Galera, settings.Variants);
        }
        catch (ArgumentException ex)
        {
            throw new UserFacingException($"--variants: {ex.Message}", "e.g. --variants derived,defaults", ExitCodes.InvalidInput);
        }

        var login = LabAppLogin.Of(lab);
        var workload = new MultiWriterWorkload(login, settings.WritersPerRegion);
        var probe = new HotRowsProbe(lab);
        var runs = new List<HotRowRun>();
        await LabErrors.GuardAsync(() => workload.PrepareAsync(cancellationToken)).ConfigureAwait(false);
        await LabErrors.GuardAsync(() => probe.LogConflictsAsync(true, cancellationToken)).ConfigureAwait(false);
        try
        {
            for (var round = 1; round <= settings.Rounds; round++)
            {
                foreach (var variant in chosen.Skip((round - 1) % chosen.Count).Concat(chosen.Take((round - 1) % chosen.Count)))
                {
                    await LabErrors.GuardAsync(() => probe.ApplyAsync(variant, cancellationToken)).ConfigureAwait(false);
                    await Task.Delay(Settle, cancellationToken).ConfigureAwait(false);
                    runs.Add(await RunOnceAsync(variant.Name, round, MultiWriterWorkload.Hot, settings.Duration).ConfigureAwait(false));
                    if (settings.DisjointDuration > TimeSpan.Zero)
                    {
                        runs.Add(await RunOnceAsync(variant.Name, round, MultiWriterWorkload.Disjoint, settings.DisjointDuration).ConfigureAwait(false));
                    }
                }
            }
        }
        finally
        {
            // Back to what my.cnf says, which is also what a restart of mariadbd would read.
            var rendered = all.First(v => v.Name == (lab.Plan.Galera.Profile == GaleraTuning.Derived ? HotRowVariants.Derived : HotRowVariants.Defaults));
            await LabErrors.GuardAsync(() => probe.ApplyAsync(rendered, CancellationToken.None)).ConfigureAwait(false);
            await LabErrors.GuardAsync(() => probe.LogConflictsAsync(false, CancellationToken.None)).ConfigureAwait(false);
        }

        Print(lab, settings, chosen, runs, format, consoles);
        return ExitCodes.Success;

        async Task<HotRowRun> RunOnceAsync(string variant, int round, string rows, TimeSpan duration)
        {
            var offsets = probe.LogOffsets();
            var before = await LabErrors.GuardAsync(() => probe.ReadStatusAsync(cancellationToken)).ConfigureAwait(false);
            var outcome = await LabErrors.GuardAsync(() => workload.RunAsync(rows, duration, cancellationToken)).ConfigureAwait(false);
            var after = await LabErrors.GuardAsync(() => probe.ReadStatusAsync(cancellationToken)).ConfigureAwait(false);
            var logged = probe.ConflictsSince(offsets);
            var run = new HotRowRun(
                variant,
                round,
                rows,
                Math.Round(outcome.Elapsed.TotalSeconds, 3),
                outcome.Commits,
                outcome.Conflicts,
                outcome.OtherErrors,
                HotRowCounters.Between(before, after, logged.Count, [.. logged.OfType<long>()]));
            human.MarkupLine(
                $"[grey]round {round} {Markup.Escape(variant),-11} {rows,-8} {run.CommitsPerSecond,7:F1} commits/s, {run.ConflictShare,6:P1} conflicts " +
                $"(cert {run.Counters.CertFailures}, bf {run.Counters.BfAborts}, logged {run.Counters.LoggedConflicts}, unseen median {Unseen(run.Counters.MedianUnseenWriteSets)}), " +
                $"fc paused {run.Counters.FlowControlPausedSeconds:F2} s[/]");
            return run;
        }
    }

    private static void Print(LabContext lab, Settings settings, IReadOnlyList<HotRowVariant> variants, List<HotRowRun> runs, OutputFormat format, CliConsoles consoles)
    {
        var summaries = HotRowSummary.Of(runs);
        if (format == OutputFormat.Json)
        {
            JsonOutput.Write(consoles.Json, new
            {
                cluster = lab.Plan.Cluster,
                profile = lab.Plan.Galera.Profile.ToString().ToLowerInvariant(),
                segments = lab.Plan.Galera.Segments,
                rounds = settings.Rounds,
                durationSeconds = settings.Duration.TotalSeconds,
                disjointDurationSeconds = settings.DisjointDuration.TotalSeconds,
                writersPerRegion = settings.WritersPerRegion,
                variants = variants.Select(v => new { name = v.Name, change = v.Change, options = v.RuntimeOptions }),
                summaries,
                runs,
            });
            return;
        }

        var table = new Table()
            .Title($"hot rows, lab [bold]{Markup.Escape(lab.Plan.Cluster)}[/] ({lab.Plan.Galera.Profile.ToString().ToLowerInvariant()}), {settings.WritersPerRegion} writers per region, {settings.Rounds} rounds")
            .AddColumns("variant", "rows", "runs", "commits/s median", "min–max", "conflicts", "cert failures/s", "bf aborts/s", "fc paused", "unseen write-sets");
        foreach (var s in summaries)
        {
            table.AddRow(
                Markup.Escape(s.Variant),
                s.Rows,
                s.Runs.ToString(CultureInfo.InvariantCulture),
                s.MedianCommitsPerSecond.ToString("F1", CultureInfo.InvariantCulture),
                $"{s.MinCommitsPerSecond:F1}–{s.MaxCommitsPerSecond:F1}",
                s.MedianConflictShare.ToString("P1", CultureInfo.InvariantCulture),
                s.MedianCertFailuresPerSecond.ToString("F1", CultureInfo.InvariantCulture),
                s.MedianBfAbortsPerSecond.ToString("F1", CultureInfo.InvariantCulture),
                s.MedianFlowControlPausedShare.ToString("P1", CultureInfo.InvariantCulture),
                Unseen(s.MedianUnseenWriteSets));
        }

        consoles.Out.Write(table);
        foreach (var v in variants)
        {
            consoles.Out.MarkupLine($"[grey]{Markup.Escape(v.Name)}: {Markup.Escape(v.Change)} ({Markup.Escape(string.Join("; ", v.RuntimeOptions.Skip(1)))})[/]");
        }
    }

    private static string Unseen(double? median) => median is { } m ? m.ToString("0.#", CultureInfo.InvariantCulture) : "-";

    private static TimeSpan Positive(TimeSpan value, string option) =>
        value > TimeSpan.Zero ? value : throw new UserFacingException($"{option} must be longer than 0 s", $"e.g. {option} 20s", ExitCodes.InvalidInput);
}
