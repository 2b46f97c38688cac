using System.CommandLine;
using System.Globalization;
using Meridian.Runtime.Lab;
using Meridian.Runtime.Lab.Control;
using Spectre.Console;

namespace Meridian.Cli.Commands;

/// <summary><c>meridian wan show|set|cut|heal|isolate|rejoin</c>: inspect and change the emulated WAN at runtime.</summary>
public static class WanCommand
{
    public static Command Create(CliConsoles consoles)
    {
        var wan = new Command("wan", "Inspect and change the emulated WAN between regions (local lab).");
        wan.Subcommands.Add(Simple(consoles, "show", "Show every directed link: RTT, jitter, loss, cut, and packet/byte counters.", _ => new WanShowRequest()));

        var setPair = PairArgument();
        var rtt = new Option<string?>("--rtt") { Description = "Round-trip time, e.g. 80ms or 0.2s." };
        var jitter = new Option<string?>("--jitter") { Description = "Jitter (uniform ±), e.g. 2ms." };
        var loss = new Option<string?>("--loss") { Description = "Packet loss per direction, e.g. 0.5%." };
        wan.Subcommands.Add(Simple(consoles, "set", "Change a region pair's RTT, jitter or loss.", parsed => new SetWanLinkRequest(
            parsed.GetRequiredValue(setPair),
            RttMs: Milliseconds(parsed.GetValue(rtt), "--rtt"),
            JitterMs: Milliseconds(parsed.GetValue(jitter), "--jitter"),
            LossPercent: Percent(parsed.GetValue(loss))), setPair, rtt, jitter, loss));

        var cutPair = PairArgument();
        wan.Subcommands.Add(Simple(consoles, "cut", "Cut the link between two regions (both directions) at once.", parsed => new CutWanLinkRequest(parsed.GetRequiredValue(cutPair)), cutPair));
        var healPair = PairArgument();
        wan.Subcommands.Add(Simple(consoles, "heal", "Heal a cut link.", parsed => new HealWanLinkRequest(parsed.GetRequiredValue(healPair)), healPair));
        var isolateRegion = RegionArgument();
        wan.Subcommands.Add(Simple(consoles, "isolate", "Cut every link of one region.", parsed => new IsolateRegionRequest(parsed.GetRequiredValue(isolateRegion)), isolateRegion));
        var rejoinRegion = RegionArgument();
        wan.Subcommands.Add(Simple(consoles, "rejoin", "Undo isolate (links cut on their own stay cut).", parsed => new RejoinRegionRequest(parsed.GetRequiredValue(rejoinRegion)), rejoinRegion));
        return wan;
    }

    private static Command Simple(CliConsoles consoles, string name, string description, Func<ParseResult, WanRequest> request, params Symbol[] symbols)
    {
        var file = new Option<FileInfo?>("--spec") { Description = "The spec the lab was built from (default: the built-in default)." };
        var cluster = CommonOptions.Cluster();
        var format = CommonOptions.Format();
        var command = new Command(name, description) { file, cluster, format };
        foreach (var symbol in symbols)
        {
            switch (symbol)
            {
                case Argument argument:
                    command.Arguments.Add(argument);
                    break;
                case Option option:
                    command.Options.Add(option);
                    break;
                default:
                    break;
            }
        }

        command.SetAction(async (parsed, ct) =>
        {
            var (lab, _) = LabTarget.Resolve(parsed.GetValue(file), parsed.GetValue(cluster), consoles);
            var links = await LabErrors.GuardAsync(async () => await new LabSupervisorClient(lab).SendAsync(request(parsed), ct).ConfigureAwait(false)).ConfigureAwait(false);
            Print(links, parsed.GetValue(format), consoles);
            return ExitCodes.Success;
        });
        return command;
    }

    private static void Print(IReadOnlyList<WanLinkView> links, OutputFormat format, CliConsoles consoles)
    {
        if (format == OutputFormat.Json)
        {
            JsonOutput.Write(consoles.Json, links);
            return;
        }

        var table = new Table().AddColumns("from", "to", "RTT", "jitter", "loss", "state", "packets", "bytes", "dropped");
        foreach (var link in links)
        {
            table.AddRow(
                Markup.Escape(link.From),
                Markup.Escape(link.To),
                $"{link.RttMs:F1} ms",
                $"{link.JitterMs:F1} ms",
                $"{link.LossPercent:0.##} %",
                link.Isolated ? "[red]isolated[/]" : link.Cut ? "[red]cut[/]" : "[green]up[/]",
                link.Packets.ToString(CultureInfo.InvariantCulture),
                link.Bytes.ToString(CultureInfo.InvariantCulture),
                link.Dropped.ToString(CultureInfo.InvariantCulture));
        }

        consoles.Out.Write(table);
    }

    private static Argument<string> PairArgument() => new("pair") { Description = "Two regions joined by '~', e.g. us-east-1~us-west-2." };

    private static Argument<string> RegionArgument() => new("region") { Description = "A region name from the spec." };

    private static double? Milliseconds(string? text, string option) =>
        text is null ? null
        : WanSettingText.TryParseMilliseconds(text, out var value) ? value
        : throw new UserFacingException($"{option} '{text}' is not a duration", WanSettingText.MillisecondsFix(option), ExitCodes.InvalidInput);

    private static double? Percent(string? text) =>
        text is null ? null
        : WanSettingText.TryParsePercent(text, out var value) ? value
        : throw new UserFacingException($"--loss '{text}' is not a percentage", WanSettingText.PercentFix, ExitCodes.InvalidInput);
}
