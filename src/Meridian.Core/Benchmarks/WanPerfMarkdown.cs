using System.Globalization;
using System.Text;

namespace Meridian.Core.Benchmarks;

/// <summary>
/// The human-readable benchmark report. Every number stands beside F, and every configuration that loses acknowledged
/// commits on a crash carries a ⚠ beside its speed, so a fast but unsafe setting cannot be read as a win.
/// </summary>
public static class WanPerfMarkdown
{
    private const string Warning = "⚠";

    /// <param name="chartFileName">The SVG of <see cref="WanPerfChart.RenderSvg"/>, relative to the markdown file.</param>
    public static string Render(WanPerfReport report, string chartFileName)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(chartFileName);
        var md = new StringBuilder();
        var configurations = ConfigurationNames(report);
        md.Append(CultureInfo.InvariantCulture, $"# Meridian WAN benchmark: {report.Cluster}, {report.GeneratedAt.UtcDateTime:yyyy-MM-dd}\n\n");
        md.Append(CultureInfo.InvariantCulture, $"Generated {report.GeneratedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC from {report.SpecSource}.\n\n");
        Method(md, report);
        md.Append(CultureInfo.InvariantCulture, $"![Throughput and p95 latency against clients, per configuration]({chartFileName})\n\n");
        Configurations(md, report);
        Targets(md, report);
        Probes(md, report);
        Throughput(md, report, configurations);
        HotRows(md, report, configurations);
        MultiWriter(md, report);
        Traffic(md, report);
        return md.ToString();
    }

    private static void Method(StringBuilder md, WanPerfReport report)
    {
        md.Append("## Method\n\n");
        var regions = report.Regions.IsDefaultOrEmpty
            ? report.Rtts.SelectMany(r => new[] { r.A, r.B }).Distinct().ToList()
            : [.. report.Regions];
        if (regions.Count > 0)
        {
            md.Append("Round-trip times (ms) emulated between the regions:\n\n");
            Row(md, ["", .. regions]);
            Separator(md, regions.Count + 1);
            foreach (var a in regions)
            {
                Row(md, [a, .. regions.Select(b => a == b ? "—" : Rtt(report, a, b))]);
            }

            md.Append('\n');
        }

        md.Append(CultureInfo.InvariantCulture, $"- Commit floor **F = {BenchFormat.Ms(report.FloorMs)}**: Galera's safe delivery makes every commit wait for the ring of one-way delays (with three regions, half the sum of the RTTs). A single client cannot commit faster than F, and N clients cannot exceed N / F transactions per second; every result below is given as a ratio to that floor.\n");
        md.Append(CultureInfo.InvariantCulture, $"- Writer region {report.WriterRegion}: its largest RTT is {BenchFormat.Ms(report.WriterMaxRttMs)}, what a commit durable in every region physically needs.\n");
        var clients = report.Settings.ClientCounts.IsDefaultOrEmpty ? "—" : string.Join(", ", report.Settings.ClientCounts);
        md.Append(CultureInfo.InvariantCulture, $"- sysbench 1.0.20 (oltp_insert, oltp_write_only, oltp_read_only), {report.Settings.DurationSeconds} s per run at {clients} clients, on a machine with {report.Settings.MachineCores} cores.\n\n");
    }

    private static string Rtt(WanPerfReport report, string a, string b)
    {
        var pair = report.Rtts.FirstOrDefault(r => (r.A == a && r.B == b) || (r.A == b && r.B == a));
        return pair is null ? "?" : BenchFormat.Number(pair.Ms, 0);
    }

    private static void Configurations(StringBuilder md, WanPerfReport report)
    {
        if (report.Configurations.IsDefaultOrEmpty)
        {
            return;
        }

        md.Append("## Configurations\n\n");
        Row(md, ["Configuration", "Settings", "Durability", "Settled after up"]);
        Separator(md, 4);
        foreach (var c in report.Configurations)
        {
            Row(md, [
                c.Name,
                c.Description,
                c.DurabilityNote is null ? "acknowledged commits survive a crash" : $"{Warning} {c.DurabilityNote}",
                c.SettleSeconds is { } settle ? BenchFormat.Number(settle, 1) + " s" : "—",
            ]);
        }

        md.Append('\n');
    }

    private static void Targets(StringBuilder md, WanPerfReport report)
    {
        md.Append("## Targets\n\n");
        if (report.Targets.IsDefaultOrEmpty)
        {
            md.Append("Not evaluated.\n\n");
            return;
        }

        var met = report.Targets.Count(t => t.Met);
        md.Append(CultureInfo.InvariantCulture, $"{met} of {report.Targets.Length} met.\n\n");
        Row(md, ["", "Target", "Measured"]);
        Separator(md, 3);
        foreach (var t in report.Targets)
        {
            Row(md, [t.Met ? "✓" : "✗", t.Target, t.Measured]);
        }

        md.Append('\n');
    }

    private static void Probes(StringBuilder md, WanPerfReport report)
    {
        if (report.CommitProbes.IsDefaultOrEmpty)
        {
            return;
        }

        md.Append("## Single-client commit latency\n\nOne client, autocommit INSERT, through each region's endpoint.\n\n");
        Row(md, ["Configuration", "Region", "Commits", "p50", "p95", "p99", "F", "p50 / F"]);
        Separator(md, 8);
        foreach (var p in report.CommitProbes)
        {
            Row(md, [
                Name(report, p.Configuration), p.Region, BenchFormat.Integer(p.Count), BenchFormat.Ms(p.P50Ms), BenchFormat.Ms(p.P95Ms),
                BenchFormat.Ms(p.P99Ms), BenchFormat.Ms(p.FloorMs), BenchFormat.Ratio(p.P50OverFloor),
            ]);
        }

        md.Append('\n');
        DurabilityNotes(md, report, report.CommitProbes.Select(p => p.Configuration));
    }

    private static void Throughput(StringBuilder md, WanPerfReport report, List<string> configurations)
    {
        var uniform = report.Throughput.Where(p => p.Distribution == "uniform").ToList();
        if (uniform.Count == 0)
        {
            return;
        }

        md.Append("## Throughput (uniform keys)\n\ntps, p95 latency, tps as a fraction of the N / F ceiling (writes only), and how busy the whole machine's CPU was during the run.\n\n");
        foreach (var workload in WanPerfChart.OrderedWorkloads(uniform.Select(p => p.Workload)))
        {
            var points = uniform.Where(p => p.Workload == workload).ToList();
            var present = configurations.Where(c => points.Any(p => p.Configuration == c)).ToList();
            md.Append(CultureInfo.InvariantCulture, $"### {workload}\n\n");
            Row(md, ["Clients", .. present.SelectMany(c => new[] { $"{Name(report, c)} tps", $"{Name(report, c)} p95", $"{Name(report, c)} × N/F", $"{Name(report, c)} CPU" })]);
            Separator(md, 1 + (4 * present.Count));
            foreach (var clients in points.Select(p => p.Clients).Distinct().Order())
            {
                var cells = new List<string> { BenchFormat.Integer(clients) };
                foreach (var c in present)
                {
                    var p = points.FirstOrDefault(x => x.Configuration == c && x.Clients == clients);
                    cells.AddRange(p is null ? ["—", "—", "—", "—"] : [BenchFormat.Number(p.Tps, 1), BenchFormat.Ms(p.P95Ms), BenchFormat.Ratio(p.FloorFraction), BenchFormat.Percent(p.CpuBusy)]);
                }

                Row(md, cells);
            }

            md.Append('\n');
            DurabilityNotes(md, report, present);
        }
    }

    private static void HotRows(StringBuilder md, WanPerfReport report, List<string> configurations)
    {
        var hot = report.Throughput.Where(p => p.Distribution != "uniform").ToList();
        if (hot.Count == 0)
        {
            return;
        }

        md.Append("## Hot rows against uniform keys\n\nsysbench's \"special\" distribution sends 75 % of the requests to 1 % of the rows (\"special-10pct\": to 10 %). " +
            "A row lock is held until the commit returns, at least F, so every client that wants a locked hot row waits a whole commit for it.\n\n");
        Row(md, ["Configuration", "Workload", "Clients", "uniform tps", "hot tps", "hot / uniform", "hot p95", "hot ignored errors/s", "flow control sent"]);
        Separator(md, 9);
        var ordered = hot.OrderBy(p => Index(configurations, p.Configuration))
            .ThenBy(p => WanPerfChart.WorkloadRank(p.Workload)).ThenBy(p => p.Workload, StringComparer.Ordinal)
            .ThenBy(p => p.Clients);
        foreach (var p in ordered)
        {
            var uniform = report.Throughput.FirstOrDefault(u =>
                u.Distribution == "uniform" && u.Configuration == p.Configuration && u.Workload == p.Workload && u.Clients == p.Clients);
            Row(md, [
                Name(report, p.Configuration), $"{p.Workload} ({p.Distribution})", BenchFormat.Integer(p.Clients),
                uniform is null ? "—" : BenchFormat.Number(uniform.Tps, 1), BenchFormat.Number(p.Tps, 1),
                uniform is { Tps: > 0 } ? BenchFormat.Ratio(p.Tps / uniform.Tps) : "—", BenchFormat.Ms(p.P95Ms),
                BenchFormat.Number(p.IgnoredErrorsPerSecond, 2), p.FlowControlSent is { } fc ? BenchFormat.Integer(fc) : "—",
            ]);
        }

        md.Append('\n');
        DurabilityNotes(md, report, hot.Select(p => p.Configuration));
    }

    private static void MultiWriter(StringBuilder md, WanPerfReport report)
    {
        if (report.MultiWriter.IsDefaultOrEmpty)
        {
            return;
        }

        md.Append("## Writers in every region at once\n\nConflicts are commits refused with error 1213 (certification failure or deadlock); the client must retry them.\n\n");
        Row(md, ["Configuration", "Rows", "Writers", "Seconds", "Commits", "Commits/s", "Conflicts", "Conflict rate", "Other errors"]);
        Separator(md, 9);
        foreach (var m in report.MultiWriter)
        {
            Row(md, [
                Name(report, m.Configuration), m.Rows, $"{m.WritersPerRegion} × {m.Regions} regions", BenchFormat.Number(m.Seconds, 1),
                BenchFormat.Integer(m.Commits), m.CommitsPerSecond is { } cps ? BenchFormat.Number(cps, 1) : "—", BenchFormat.Integer(m.Conflicts),
                BenchFormat.Percent(m.ConflictRate), BenchFormat.Integer(m.OtherErrors),
            ]);
        }

        md.Append('\n');
    }

    private static void Traffic(StringBuilder md, WanPerfReport report)
    {
        if (report.WanTraffic.IsDefaultOrEmpty)
        {
            return;
        }

        md.Append("## WAN traffic per transaction\n\nBytes the WAN hub forwarded between regions, all links summed; \"net\" subtracts the idle rate measured before the run. Saving compares with the run without segments of the same configuration and size.\n\n");
        Row(md, ["Run", "Configuration", "Nodes/region", "Segments", "Transactions", "WAN bytes", "Packets", "B/txn", "B/txn net", "Saving"]);
        Separator(md, 10);
        foreach (var t in report.WanTraffic)
        {
            var baseline = report.WanTraffic.FirstOrDefault(b => !b.Segments && b.Configuration == t.Configuration && b.NodesPerRegion == t.NodesPerRegion);
            var saving = t.Segments && baseline?.NetBytesPerTransaction is > 0 && t.NetBytesPerTransaction is { } net
                ? 1 - (net / baseline.NetBytesPerTransaction.Value)
                : (double?)null;
            Row(md, [
                t.Label, Name(report, t.Configuration), BenchFormat.Integer(t.NodesPerRegion), t.Segments ? "yes" : "no",
                BenchFormat.Integer(t.Transactions), BenchFormat.Integer(t.WanBytes), BenchFormat.Integer(t.WanPackets),
                t.BytesPerTransaction is { } b ? BenchFormat.Number(b, 0) : "—", t.NetBytesPerTransaction is { } n ? BenchFormat.Number(n, 0) : "—",
                BenchFormat.Percent(saving),
            ]);
        }

        md.Append('\n');
    }

    /// <summary>Report order first, then any configuration only the measurements name.</summary>
    internal static List<string> ConfigurationNames(WanPerfReport report)
    {
        var names = report.Configurations.IsDefaultOrEmpty ? [] : report.Configurations.Select(c => c.Name).ToList();
        IEnumerable<string> measured = [
            .. report.CommitProbes.IsDefaultOrEmpty ? [] : report.CommitProbes.Select(p => p.Configuration),
            .. report.Throughput.IsDefaultOrEmpty ? [] : report.Throughput.Select(p => p.Configuration),
        ];
        names.AddRange(measured.Where(m => !names.Contains(m)).Distinct());
        return names;
    }

    private static int Index(List<string> names, string name)
    {
        for (var i = 0; i < names.Count; i++)
        {
            if (names[i] == name)
            {
                return i;
            }
        }

        return names.Count;
    }

    private static BenchConfiguration? Configuration(WanPerfReport report, string name) =>
        report.Configurations.IsDefaultOrEmpty ? null : report.Configurations.FirstOrDefault(c => c.Name == name);

    /// <summary>The configuration's name, flagged when it buys speed with durability.</summary>
    private static string Name(WanPerfReport report, string name) =>
        Configuration(report, name)?.DurabilityNote is null ? name : $"{name} {Warning}";

    private static void DurabilityNotes(StringBuilder md, WanPerfReport report, IEnumerable<string> shown)
    {
        var notes = shown.Distinct().Select(n => Configuration(report, n)).OfType<BenchConfiguration>().Where(c => c.DurabilityNote is not null).ToList();
        foreach (var c in notes)
        {
            md.Append(CultureInfo.InvariantCulture, $"{Warning} {c.Name}: {c.DurabilityNote}\n");
        }

        if (notes.Count > 0)
        {
            md.Append('\n');
        }
    }

    private static void Row(StringBuilder md, IEnumerable<string> cells) =>
        md.Append("| ").AppendJoin(" | ", cells.Select(Cell)).Append(" |\n");

    private static void Separator(StringBuilder md, int columns) =>
        md.Append('|').AppendJoin(string.Empty, Enumerable.Repeat("---|", columns)).Append('\n');

    /// <summary>A pipe or newline in a name would break the table.</summary>
    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
