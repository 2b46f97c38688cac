using System.CommandLine;
using Meridian.Runtime.Lab;
using Spectre.Console;

namespace Meridian.Cli.Commands;

/// <summary><c>meridian status</c>: each region pair's tunnel state (swanctl), RTT measured through it, and WAN settings.</summary>
public static class StatusCommand
{
    public sealed record PairStatus(string Pair, string Tunnel, bool Up, string Detail, double? MeasuredRttMs, double ConfiguredRttMs, double JitterMs, double LossPercent, bool Cut);

    public static Command Create(CliConsoles consoles)
    {
        var file = CommonOptions.SpecFile();
        var cluster = CommonOptions.Cluster();
        var format = CommonOptions.Format();
        var command = new Command("status", "Show each region pair: tunnel state, the RTT measured through the tunnel, and the emulated WAN settings.")
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
        var (lab, _) = LabTarget.Resolve(file, cluster, consoles);
        var pairs = await LabErrors.GuardAsync(async () =>
        {
            var tunnels = LabController.Read<List<TunnelView>>(await lab.SendAsync(new ControlRequest("vpn.status"), cancellationToken).ConfigureAwait(false));
            var links = LabController.Read<List<WanLinkView>>(await lab.SendAsync(new ControlRequest("wan.show"), cancellationToken).ConfigureAwait(false));
            var measured = await Task.WhenAll(tunnels.Select(t => lab.MeasureTunnelRttAsync(t.Initiator, t.Responder, cancellationToken))).ConfigureAwait(false);
            return tunnels.Select((t, i) =>
            {
                var link = links.First(l => l.From == t.Initiator && l.To == t.Responder);
                return new PairStatus($"{t.Initiator}~{t.Responder}", t.Name, t.Up, t.Detail, measured[i], link.RttMs, link.JitterMs, link.LossPercent, link.Cut || link.Isolated);
            }).ToList();
        }).ConfigureAwait(false);

        if (format == OutputFormat.Json)
        {
            JsonOutput.Write(consoles.Json, new { cluster = lab.Plan.Cluster, pairs });
            return ExitCodes.Success;
        }

        var table = new Table().Title($"lab [bold]{Markup.Escape(lab.Plan.Cluster)}[/]")
            .AddColumns("region pair", "tunnel", "RTT measured", "WAN: RTT / jitter / loss", "link");
        foreach (var pair in pairs)
        {
            table.AddRow(
                Markup.Escape(pair.Pair),
                pair.Up ? "[green]up[/]" : $"[red]down[/] [grey]{Markup.Escape(pair.Detail)}[/]",
                pair.MeasuredRttMs is { } rtt ? $"{rtt:F1} ms" : "[red]no reply[/]",
                $"{pair.ConfiguredRttMs:F1} ms / {pair.JitterMs:F1} ms / {pair.LossPercent:0.##} %",
                pair.Cut ? "[red]cut[/]" : "[green]ok[/]");
        }

        consoles.Out.Write(table);
        return ExitCodes.Success;
    }
}
