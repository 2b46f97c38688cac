using System.CommandLine;
using Meridian.Cli.Views;
using Meridian.Runtime.Lab;
using Spectre.Console;

namespace Meridian.Cli.Commands;

/// <summary>
/// <c>meridian status</c>: each region pair's tunnel state (swanctl), RTT measured through it, the data-path watchdog's
/// last repair (docs/vpn.md, "Data-path watchdog"), and WAN settings.
/// </summary>
public static class StatusCommand
{
    public static Command Create(CliConsoles consoles)
    {
        var file = CommonOptions.SpecFile();
        var cluster = CommonOptions.Cluster();
        var format = CommonOptions.Format();
        var command = new Command("status", "Show each region pair: tunnel state, the RTT measured through the tunnel, the watchdog's last repair of it, and the emulated WAN settings; etcd, Galera and endpoints. For provider: ssh: every host's agent, health and daemons.")
        {
            file,
            cluster,
            format,
        };
        command.SetAction((parsed, ct) => RunAsync(parsed.GetValue(file), parsed.GetValue(cluster), parsed.GetValue(format), consoles, ct));
        return command;
    }

    private static async Task<int> RunAsync(FileInfo? file, string? cluster, OutputFormat format, CliConsoles consoles, CancellationToken cancellationToken)
    {
        var loaded = LoadedSpec.Load(file, cluster, consoles);
        if (SshTarget.From(loaded, trustNewHosts: false, TimeSpan.Zero) is { } ssh)
        {
            return await SshView.StatusAsync(ssh, format, consoles, cancellationToken).ConfigureAwait(false);
        }

        var (lab, _) = LabTarget.For(loaded);
        var reader = new LabStatusReader(lab);
        var database = await LabErrors.GuardAsync(() => reader.ReadDatabaseAsync(cancellationToken)).ConfigureAwait(false);
        var pairs = await LabErrors.GuardAsync(() => reader.ReadPairsAsync(reader.MeasureRttAsync, cancellationToken)).ConfigureAwait(false);

        if (format == OutputFormat.Json)
        {
            JsonOutput.Write(consoles.Json, new { cluster = lab.Plan.Cluster, pairs, etcd = database.Etcd, galera = database.Nodes, arbitrators = database.Arbitrators, endpoints = database.Endpoints });
            return ExitCodes.Success;
        }

        var table = new Table().Title($"lab [bold]{Markup.Escape(lab.Plan.Cluster)}[/]")
            .AddColumns("region pair", "tunnel", "RTT measured", "last repair", "WAN: RTT / jitter / loss", "link");
        foreach (var pair in pairs)
        {
            table.AddRow(
                Markup.Escape(pair.Pair),
                pair.Up ? "[green]up[/]" : $"[red]down[/] [grey]{Markup.Escape(pair.Detail)}[/]",
                pair.MeasuredRttMs is { } rtt ? $"{rtt:F1} ms" : "[red]no reply[/]",
                LastRepair(pair),
                $"{pair.ConfiguredRttMs:F1} ms / {pair.JitterMs:F1} ms / {pair.LossPercent:0.##} %",
                pair.Cut ? "[red]cut[/]" : "[green]ok[/]");
        }

        consoles.Out.Write(table);
        WriteDatabase(lab.Plan, database, consoles.Out);
        return ExitCodes.Success;
    }

    /// <summary>"-", or when and what the watchdog last did, whether it worked, and the count if there were more.</summary>
    private static string LastRepair(LabPairStatus pair)
    {
        if (pair.LastRepair is not { } repair)
        {
            return "[grey]-[/]";
        }

        var outcome = repair.TrafficBackAt is not null ? "[green]traffic back[/]" : repair.Succeeded ? "[yellow]done, no reply yet[/]" : "[red]failed[/]";
        var more = pair.Repairs > 1 ? $" [grey]({pair.Repairs} in all)[/]" : string.Empty;
        return $"{repair.At.ToLocalTime():HH:mm:ss} {Markup.Escape(repair.Action)} on {Markup.Escape(repair.Region)}: {outcome}{more}";
    }

    private static void WriteDatabase(Core.Planning.ClusterPlan plan, DatabaseStatus database, IAnsiConsole console)
    {
        if (database.Etcd.Count == 0 && database.Nodes.Count == 0)
        {
            console.MarkupLine("[grey]database layer not started (meridian up --until database)[/]");
            return;
        }

        var etcd = new Table().Title("etcd").AddColumns("member", "endpoint", "health", "role", "raft index");
        foreach (var member in database.Etcd)
        {
            etcd.AddRow(
                Markup.Escape(member.Name),
                Markup.Escape(member.Endpoint),
                member.Healthy ? "[green]healthy[/]" : $"[red]unhealthy[/] [grey]{Markup.Escape(member.Error ?? string.Empty)}[/]",
                member.IsLeader ? "[bold]leader[/]" : "follower",
                member.RaftIndex.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        console.Write(etcd);

        var galera = new Table().Title("Galera").AddColumns("node", "segment", "state", "component", "size", "seqno", "flow control paused", "queue send/recv", "cert failures", "agent heartbeat");
        foreach (var host in plan.GaleraNodes)
        {
            var node = database.Nodes.FirstOrDefault(n => n.Node == host.Name);
            if (node is null)
            {
                galera.AddRow(Markup.Escape(host.Name), "-", "[red]no report[/]", "-", "-", "-", "-", "-", "-", "[red]none (agent down?)[/]");
                continue;
            }

            galera.AddRow(
                Markup.Escape(node.Node),
                node.Segment.ToString(System.Globalization.CultureInfo.InvariantCulture),
                node.Ready ? $"[green]{Markup.Escape(node.State)}[/]"
                    : $"[yellow]{Markup.Escape(node.State)}[/]" + (node.Detail is { Length: > 0 } why ? $"\n[grey]{Markup.Escape(why)}[/]" : string.Empty),
                node.ClusterStatus == "Primary" ? "[green]Primary[/]" : $"[red]{Markup.Escape(node.ClusterStatus)}[/]",
                node.ClusterSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
                node.LastCommitted.ToString(System.Globalization.CultureInfo.InvariantCulture),
                $"{node.FlowControlPaused:P1}",
                // Null from an agent that predates these fields, or while mariadbd does not answer (NodeReport).
                node.SendQueue is { } send && node.ReceiveQueue is { } receive ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{send}/{receive}") : "-",
                node.CertificationFailures?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-",
                $"{(DateTimeOffset.UtcNow - node.Heartbeat).TotalSeconds:F0} s ago");
        }

        // garbd has no agent: the supervisor says whether it runs, garbd's log says its state and component.
        foreach (var arbitrator in database.Arbitrators)
        {
            galera.AddRow(
                $"{Markup.Escape(arbitrator.Host)} [grey](garbd)[/]",
                arbitrator.Segment.ToString(System.Globalization.CultureInfo.InvariantCulture),
                arbitrator.State == "Synced" && arbitrator.ClusterStatus == "Primary" ? "[green]Synced[/]"
                    : $"[yellow]{Markup.Escape(arbitrator.State)}[/]" + (arbitrator.Detail is { Length: > 0 } why ? $"\n[grey]{Markup.Escape(why)}[/]" : string.Empty),
                arbitrator.ClusterStatus == "Primary" ? "[green]Primary[/]" : $"[red]{Markup.Escape(arbitrator.ClusterStatus)}[/]",
                arbitrator.ClusterSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "-",
                "-",
                "-",
                "-",
                arbitrator.Pid is { } pid ? $"supervisor: PID {pid}" : "[red]not running[/]");
        }

        console.Write(galera);

        var endpoints = new Table().Title("endpoints").AddColumns("region", "listen", "target", "state", "connections (active / total / failed)");
        foreach (var endpoint in database.Endpoints)
        {
            endpoints.AddRow(
                Markup.Escape(endpoint.Region),
                Markup.Escape(endpoint.Listen),
                Markup.Escape(endpoint.Target),
                endpoint.Listening ? "[green]listening[/]" : $"[red]down[/] {Markup.Escape(endpoint.LastError ?? string.Empty)}",
                $"{endpoint.ConnectionsActive} / {endpoint.ConnectionsAccepted} / {endpoint.ConnectionsFailed}");
        }

        console.Write(endpoints);
    }
}
