using System.Globalization;
using System.Text;

namespace Meridian.Core.Benchmarks;

/// <summary>
/// The human-readable fault campaign report: targets against what was measured, then per fault kind the count and the
/// median and max seconds until every node was Synced in one full Primary component, then every fault that did not
/// recover, every double fault, every read served while behind, and the whole timeline.
/// </summary>
public static class ChaosCampaignMarkdown
{
    public static string Render(ChaosCampaignReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var md = new StringBuilder();
        var s = report.Settings;
        md.Append(CultureInfo.InvariantCulture, $"# Meridian fault campaign: {report.Cluster}, {report.GeneratedAt.UtcDateTime:yyyy-MM-dd}\n\n");
        md.Append(CultureInfo.InvariantCulture, $"Generated {report.GeneratedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC from {report.SpecSource}; seed {s.Seed} (the same seed replays the same schedule).\n\n");
        Method(md, report);
        Targets(md, report);
        ByKind(md, report);
        Check(md, report.Check);
        Unrecovered(md, report);
        DoubleFaults(md, report);
        StaleReads(md, report.Reads);
        Timeline(md, report);
        return md.ToString();
    }

    private static void Method(StringBuilder md, ChaosCampaignReport report)
    {
        var s = report.Settings;
        md.Append("## Method\n\n");
        md.Append(CultureInfo.InvariantCulture, $"- `meridian bench chaos` played a seeded random schedule of {report.Faults.Length} faults over {N(s.RunSeconds / 60, 1)} min ({N(report.WallSeconds / 60, 1)} min in all, with the waits and the final recovery), drawn in turn from: {string.Join(", ", report.Kinds)}.\n");
        md.Append(CultureInfo.InvariantCulture, $"- Timed faults lasted {N(s.MinFaultSeconds, 0)}–{N(s.MaxFaultSeconds, 0)} s. After a fault the next came {N(s.MinQuietSeconds, 0)}–{N(s.MaxQuietSeconds, 0)} s later, once the cluster was healthy again (waiting up to 60 s, else the fault was skipped); with a chance of {N(s.OverlapChance * 100, 0)} % it came only {N(s.MinOverlapGapSeconds, 0)}–{N(s.MaxOverlapGapSeconds, 0)} s after the previous one ended, without waiting, while that one was still recovering.\n");
        md.Append("- `meridian check` ran bank transfers and appends through every region's endpoint for the whole schedule, then read everything back once the cluster was whole.\n");
        md.Append(CultureInfo.InvariantCulture, $"- Every {N(s.SampleIntervalSeconds, 1)} s the campaign asked each mariadbd directly (its unix socket) for its wsrep status, and read a table through every region's endpoint together with the answering node's state.\n");
        md.Append(CultureInfo.InvariantCulture, $"- **Recovery time** is the time until every node is Synced in one Primary component of full size, counted from the **heal** for timed faults (isolate-region, cut-link, pause-node: rejoin, heal, SIGCONT) and from the **injection** for the others; the timeline also gives it from the injection. It is the end of the first fully-synced sample that stayed fully synced for {N(s.HoldSeconds, 0)} s (or until the next fault), so the resolution is about one sample. A fault not recovered within {N(s.RecoveryBoundSeconds, 0)} s counts as needing an operator.\n");
        md.Append(CultureInfo.InvariantCulture, $"- A **double fault** is one injected while the previous fault had not yet recovered; its time counts from its own heal or injection, the last one.\n");
        md.Append(CultureInfo.InvariantCulture, $"- Machine: {s.MachineCores} cores, shared with other work while the campaign ran, so times include CPU contention.\n\n");
    }

    private static void Targets(StringBuilder md, ChaosCampaignReport report)
    {
        md.Append("## Targets\n\n");
        Row(md, ["Target", "Measured", "Met"]);
        Separator(md, 3);
        foreach (var t in report.Targets)
        {
            Row(md, [t.Target, t.Measured, t.Met ? "yes" : "**no**"]);
        }

        md.Append('\n');
    }

    private static void ByKind(StringBuilder md, ChaosCampaignReport report)
    {
        md.Append("## Recovery per fault kind\n\n");
        md.Append("Seconds until 3/3 Synced in one Primary component; \"after heal\" is from the heal for timed kinds and from the injection for the others; \"alone\" leaves out double faults, whose time includes the recovery from the fault before.\n\n");
        Row(md, ["Fault", "Scheduled", "Injected", "Recovered", "Double faults", "Median after heal", "Max after heal", "Median alone", "Max alone", "Median after injection", "Max after injection"]);
        Separator(md, 11);
        foreach (var k in report.ByKind)
        {
            Row(md, [
                k.Kind + (k.Timed ? " (timed)" : string.Empty),
                Integer(k.Scheduled),
                Integer(k.Injected),
                k.Unrecovered > 0 ? $"**{k.Recovered}**" : Integer(k.Recovered),
                Integer(k.DoubleFaults),
                Seconds(k.MedianSecondsAfterHeal),
                Seconds(k.MaxSecondsAfterHeal),
                Seconds(k.MedianSecondsAlone),
                Seconds(k.MaxSecondsAlone),
                Seconds(k.MedianSecondsAfterInjection),
                Seconds(k.MaxSecondsAfterInjection),
            ]);
        }

        var recovered = report.Faults.Where(f => f.Recovered).Select(f => f.SecondsAfterHeal!.Value).ToList();
        var alone = report.Faults.Where(f => f.Recovered && !f.ArrivedDuringRecovery).Select(f => f.SecondsAfterHeal!.Value).ToList();
        Row(md, [
            "all",
            Integer(report.Faults.Length),
            Integer(report.Injected),
            Integer(recovered.Count),
            Integer(report.Faults.Count(f => f.ArrivedDuringRecovery)),
            Seconds(ChaosRecoveryAnalyzer.Median(recovered)),
            Seconds(recovered.Count == 0 ? null : recovered.Max()),
            Seconds(ChaosRecoveryAnalyzer.Median(alone)),
            Seconds(alone.Count == 0 ? null : alone.Max()),
            "",
            "",
        ]);
        md.Append('\n');
    }

    private static void Check(StringBuilder md, CampaignCheckResult check)
    {
        md.Append("## Consistency check\n\n");
        Row(md, ["Measure", "Count"]);
        Separator(md, 2);
        Row(md, ["acknowledged writes", Integer(check.Acknowledged)]);
        Row(md, ["unknown outcome (an error returned)", Integer(check.UnknownOutcomes)]);
        Row(md, ["acknowledged writes lost", check.ReadBack ? Integer(check.Lost) : "not read back"]);
        Row(md, ["duplicate appends", check.ReadBack ? Integer(check.Duplicates) : "not read back"]);
        Row(md, ["balance and ledger violations", check.ReadBack ? Integer(check.BalanceViolations) : "not read back"]);
        foreach (var (kind, count) in check.ErrorsByKind)
        {
            Row(md, [$"error: {kind}", Integer(count)]);
        }

        md.Append('\n');
        md.Append(CultureInfo.InvariantCulture, $"Verdict: **{(check.Passed ? "PASS" : "FAIL")}**")
            .Append(check.SyncedAfterSeconds is { } synced ? $"; the cluster was whole {N(synced, 1)} s after the workload ended.\n" : "; the cluster was not whole again in time, so nothing was read back.\n");
        foreach (var violation in check.Violations)
        {
            md.Append(CultureInfo.InvariantCulture, $"- violation: {violation}\n");
        }

        md.Append('\n');
    }

    private static void Unrecovered(StringBuilder md, ChaosCampaignReport report)
    {
        var unrecovered = report.Unrecovered;
        var notInjected = report.Faults.Where(f => !f.Injected).ToList();
        md.Append("## Faults that did not recover or were not injected\n\n");
        if (unrecovered.IsEmpty && notInjected.Count == 0)
        {
            md.Append("None: every scheduled fault was injected and recovered without an operator.\n\n");
            return;
        }

        foreach (var f in unrecovered)
        {
            md.Append(CultureInfo.InvariantCulture, $"- **did not recover within {N(report.Settings.RecoveryBoundSeconds, 0)} s**: {ChaosCampaignTargets.Name(f)}{(f.ArrivedDuringRecovery ? " (a double fault)" : string.Empty)}\n");
        }

        foreach (var f in notInjected)
        {
            md.Append(CultureInfo.InvariantCulture, $"- not injected: {ChaosCampaignTargets.Name(f)}: {f.NotInjectedBecause}\n");
        }

        md.Append('\n');
    }

    private static void DoubleFaults(StringBuilder md, ChaosCampaignReport report)
    {
        var doubles = report.Faults.Where(f => f.Injected && f.ArrivedDuringRecovery).ToList();
        if (doubles.Count == 0)
        {
            return;
        }

        md.Append("## Double faults\n\n");
        Row(md, ["#", "Fault", "Target", "At", "Previous fault", "After its heal", "After injection"]);
        Separator(md, 7);
        foreach (var f in doubles)
        {
            var previous = report.Faults.LastOrDefault(p => p.Injected && p.Index < f.Index);
            Row(md, [
                Integer(f.Index),
                f.Kind,
                f.Target,
                $"+{N(f.AtSeconds, 1)} s",
                previous is null ? "—" : $"{previous.Kind} {previous.Target}",
                Seconds(f.SecondsAfterHeal),
                Seconds(f.SecondsAfterInjection),
            ]);
        }

        md.Append('\n');
    }

    private static void StaleReads(StringBuilder md, EndpointReadSummary reads)
    {
        md.Append("## Reads through the endpoints\n\n");
        md.Append(CultureInfo.InvariantCulture, $"{reads.Attempted} reads tried, {reads.Answered} answered, {reads.ServedWhileBehind} served by a node that was not Synced in a Primary component.\n\n");
        foreach (var r in reads.Examples)
        {
            md.Append(CultureInfo.InvariantCulture, $"- +{N(r.AtSeconds, 1)} s via {r.Region}: {r.Node} was {r.State}/{r.ClusterStatus}\n");
        }

        if (!reads.Examples.IsEmpty)
        {
            md.Append('\n');
        }
    }

    private static void Timeline(StringBuilder md, ChaosCampaignReport report)
    {
        md.Append("## Every fault\n\n");
        Row(md, ["#", "At", "Fault", "Target", "Lasted", "Overlap", "After heal", "After injection"]);
        Separator(md, 8);
        foreach (var f in report.Faults)
        {
            Row(md, [
                Integer(f.Index),
                $"+{N(f.AtSeconds, 1)} s",
                f.Kind,
                f.Target,
                f.Timed ? $"{N(f.DurationSeconds, 0)} s" : "—",
                f.ArrivedDuringRecovery ? "double fault" : f.PlannedOverlap ? "planned, previous had recovered" : "",
                f.Injected ? (f.Recovered ? Seconds(f.SecondsAfterHeal) : "**never**") : "not injected",
                f.Injected ? Seconds(f.SecondsAfterInjection) : f.NotInjectedBecause ?? string.Empty,
            ]);
        }

        md.Append('\n');
    }

    private static string Seconds(double? value) => value is { } v ? N(v, 1) + " s" : "—";

    private static string N(double value, int decimals) => BenchFormat.Number(value, decimals);

    private static string Integer(int value) => BenchFormat.Integer(value);

    private static void Row(StringBuilder md, IEnumerable<string> cells) =>
        md.Append("| ").AppendJoin(" | ", cells.Select(Cell)).Append(" |\n");

    private static void Separator(StringBuilder md, int columns) =>
        md.Append('|').AppendJoin(string.Empty, Enumerable.Repeat("---|", columns)).Append('\n');

    /// <summary>A pipe or newline in a name would break the table.</summary>
    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
