using System.CommandLine;
using System.Globalization;
using Meridian.Core.Decisions;
using Meridian.Core.Planning;
using Meridian.Runtime.Coordination;
using Spectre.Console;

namespace Meridian.Cli.Commands;

/// <summary>
/// <c>meridian recover</c>: what each stopped node published for recovery, the latest recovery epoch, and what
/// <see cref="RecoveryDecision"/> decides from those facts now; with <c>--force-bootstrap NODE</c>, an operator's
/// override stored as a new epoch that the agents obey (docs/recovery.md).
/// </summary>
public static class RecoverCommand
{
    public sealed record NodeRow(string Node, string Agent, string Component, string? Grastate, bool SafeToBootstrap, string? Recovered, bool Gvwstate, bool SstInProgress, string? Position);

    public static Command Create(CliConsoles consoles)
    {
        var file = CommonOptions.SpecFile();
        var cluster = CommonOptions.Cluster();
        var format = CommonOptions.Format();
        var force = new Option<string?>("--force-bootstrap") { Description = "Bootstrap this stopped node from its own data. Refused while a node reports Primary or a member of the last Primary is not known to be down (see --accept-lost). Commits only the others had are lost." };
        var acceptLost = new Option<string[]>("--accept-lost")
        {
            Description = "With --force-bootstrap: nodes (comma-separated) accepted as gone for good; their commits are given up. Needed for every member of the last Primary whose agent does not report.",
            AllowMultipleArgumentsPerToken = true,
        };
        var yes = new Option<bool>("--yes") { Description = "Skip the confirmation of --force-bootstrap (typing the node's name)." };
        var command = new Command("recover", "Show the recovery facts every stopped node published, the latest recovery epoch and the decision the agents would take now.")
        {
            file,
            cluster,
            format,
            force,
            acceptLost,
            yes,
        };
        command.SetAction((parsed, ct) => RunAsync(
            parsed.GetValue(file), parsed.GetValue(cluster), parsed.GetValue(format), parsed.GetValue(force),
            [.. (parsed.GetValue(acceptLost) ?? []).SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))],
            parsed.GetValue(yes), consoles, ct));
        return command;
    }

    private static async Task<int> RunAsync(
        FileInfo? file, string? cluster, OutputFormat format, string? forceNode, IReadOnlyList<string> acceptLost, bool yes, CliConsoles consoles, CancellationToken cancellationToken)
    {
        if (acceptLost.Count > 0 && forceNode is null)
        {
            throw new UserFacingException("--accept-lost only applies to a forced bootstrap", "add --force-bootstrap NODE, or drop --accept-lost");
        }

        var loaded = LoadedSpec.Load(file, cluster, consoles);
        await using var operations = await ClusterOperations.OpenAsync(loaded, cancellationToken).ConfigureAwait(false);
        return await RunAsync(
            operations.Plan, format, forceNode, acceptLost, yes, consoles,
            () => ClusterOperations.GuardAsync(() => operations.RecoveryViewAsync(cancellationToken)),
            (node, lost) => ClusterOperations.GuardAsync(() => operations.ForceBootstrapAsync(node, lost, cancellationToken))).ConfigureAwait(false);
    }

    private static async Task<int> RunAsync(
        ClusterPlan plan, OutputFormat format, string? forceNode, IReadOnlyList<string> acceptLost, bool yes, CliConsoles consoles,
        Func<Task<RecoveryView>> readView, Func<string, IReadOnlyList<string>, Task<RecoveryRecord>> forceBootstrap)
    {
        var view = await readView().ConfigureAwait(false);
        var nodes = plan.GaleraNodes.Select(h => h.Name).ToList();
        var facts = RecoveryFactsBuilder.Build(plan.Members, view.Facts, DateTimeOffset.UtcNow - RecoveryFactsBuilder.Freshness, view.Bootstrap, PcRecoveryFailed(view), forceNode);
        var verdict = RecoveryDecision.Decide(facts);
        var rows = nodes.Select(n => Row(n, view)).ToList();
        var primary = view.Nodes.FirstOrDefault(n => n.ClusterStatus == "Primary");
        var decision = primary is null ? Describe(verdict) : $"no recovery needed: {primary.Node} reports a Primary component (stopped nodes rejoin it)";

        if (forceNode is not null)
        {
            // Checked here before asking, and again by the supervisor when it stores the epoch (the facts may move).
            var check = ForceBootstrapDecision.Decide(new ForceBootstrapFacts(
                forceNode, [.. plan.Members], facts, [.. view.Nodes.Where(n => n.ClusterStatus == "Primary").Select(n => n.Node)], acceptLost));
            if (check is ForceBootstrapVerdict.Refuse refused)
            {
                throw new UserFacingException($"refusing to force {forceNode} to bootstrap: {refused.Reason}. Nothing was changed.", refused.Fix);
            }

            var human = consoles.Human(format);
            human.MarkupLine($"[yellow]Forcing {Markup.Escape(forceNode)} to bootstrap:[/] {Markup.Escape(Describe(verdict))}");
            human.MarkupLine("[yellow]Data that can be lost:[/] every commit that only the other nodes had" +
                (acceptLost.Count > 0 ? $", including every commit only {Markup.Escape(string.Join(", ", acceptLost))} had. " : ". ") +
                "Nodes that then join take IST, or a full SST that replaces their data.");
            if (!yes)
            {
                // A typed name, not y/N: this can give up acknowledged commits. Read from stdin so a script can answer too.
                human.Markup($"Type [bold]{Markup.Escape(forceNode)}[/] to bootstrap it, anything else to cancel: ");
                var answer = Console.In.ReadLine();
                if (answer?.Trim() != forceNode)
                {
                    human.MarkupLine("[grey]nothing changed (type the node's name, or pass --yes)[/]");
                    return ExitCodes.Failure;
                }
            }

            var stored = await forceBootstrap(forceNode, acceptLost).ConfigureAwait(false);
            human.MarkupLine($"[green]stored recovery epoch {stored.Epoch}[/]: {Markup.Escape(stored.Kind)} {Markup.Escape(stored.Node)}; the agents carry it out within seconds");
            view = view with { Latest = stored };
        }

        if (format == OutputFormat.Json)
        {
            JsonOutput.Write(consoles.Json, new { cluster = plan.Cluster, primary = primary?.Node, nodes = rows, latest = view.Latest, epoch = view.Latest?.Epoch ?? 0, decision = new { kind = primary is null ? verdict.GetType().Name : "NotNeeded", detail = decision } });
            return ExitCodes.Success;
        }

        var table = new Table().Title($"recovery facts of [bold]{Markup.Escape(plan.Cluster)}[/]")
            .AddColumns("node", "agent", "component", "grastate", "safe_to_bootstrap", "--wsrep-recover", "gvwstate.dat", "sst_in_progress", "position used");
        foreach (var row in rows)
        {
            table.AddRow(
                Markup.Escape(row.Node), Markup.Escape(row.Agent), Markup.Escape(row.Component), Markup.Escape(row.Grastate ?? "-"), row.SafeToBootstrap ? "1" : "0",
                Markup.Escape(row.Recovered ?? "-"), row.Gvwstate ? "yes" : "no", row.SstInProgress ? "[red]yes[/]" : "no", Markup.Escape(row.Position ?? "none"));
        }

        consoles.Out.Write(table);
        consoles.Out.MarkupLine(view.Latest is { } latest
            ? $"latest epoch [bold]{latest.Epoch}[/] ({latest.DecidedAt:u}, by {Markup.Escape(latest.DecidedBy)}{(latest.Forced ? ", forced" : string.Empty)}): {Markup.Escape(latest.Kind)} {Markup.Escape(latest.Node)} — {Markup.Escape(latest.Reason)}"
            : "no recovery epoch yet");
        consoles.Out.MarkupLine($"decision: [bold]{Markup.Escape(decision)}[/]");
        return ExitCodes.Success;
    }

    /// <summary>As the agents judge it: a pc.recovery epoch older than the attempt timeout with no Primary anywhere.</summary>
    private static bool PcRecoveryFailed(RecoveryView view) =>
        view.Latest is { Kind: RecoveryRecord.StartAllKind } latest
        && view.LatestClosure is null
        && DateTimeOffset.UtcNow - latest.DecidedAt > TimeSpan.FromSeconds(30)
        && !view.Nodes.Any(n => n.ClusterStatus == "Primary");

    private static NodeRow Row(string node, RecoveryView view)
    {
        var report = view.Nodes.FirstOrDefault(n => n.Node == node);
        var facts = view.Facts.FirstOrDefault(f => f.Node == node);
        var position = facts is null ? null : RecoveryDecision.PositionOf(RecoveryFactsBuilder.ToFacts(facts));
        return new NodeRow(
            node,
            report is null ? "no report (host or agent down?)" : report.State,
            report?.ClusterStatus ?? "-",
            facts is null ? null : string.Create(CultureInfo.InvariantCulture, $"{facts.GrastateUuid}:{facts.GrastateSeqno}"),
            facts?.SafeToBootstrap ?? false,
            facts?.RecoveredPosition,
            facts?.HasGvwstate ?? false,
            facts?.SstInProgress ?? false,
            position?.ToString());
    }

    private static string Describe(RecoveryVerdict verdict) => verdict switch
    {
        RecoveryVerdict.BootstrapNode b => string.Create(CultureInfo.InvariantCulture, $"bootstrap {b.Node} at {b.Uuid:D}:{b.Seqno} ({b.Reason})"),
        RecoveryVerdict.StartAllAtRecoveredPositions s => $"start every node at its recovered position ({s.Reason})",
        RecoveryVerdict.WaitForMoreInformation w => $"wait for {string.Join(", ", w.MissingNodes)}: {w.Reason}",
        RecoveryVerdict.Refuse r => $"refuse: {r.Reason}. {r.OperatorAction}",
        _ => verdict.ToString(),
    };
}
