using System.CommandLine;
using Meridian.Cli.Views;
using Meridian.Core.Decisions;
using Spectre.Console;

namespace Meridian.Cli.Commands;

/// <summary><c>meridian up [FILE] [--until network]</c>: builds the lab the spec describes; re-running converges.</summary>
public static class UpCommand
{
    public static Command Create(CliConsoles consoles)
    {
        var file = CommonOptions.SpecFile();
        var until = new Option<string>("--until")
        {
            Description = "Stop after this layer. 'network': namespaces, region LANs, the WAN hub and the strongSwan mesh.",
            DefaultValueFactory = _ => "network",
        };
        until.AcceptOnlyFromAmong("network");
        var command = new Command("up", "Build the cluster the spec describes (default: the three-region local lab). Running it again changes nothing; after a Ctrl-C it converges.")
        {
            file,
            until,
        };
        command.SetAction((parsed, ct) => RunAsync(parsed.GetValue(file), consoles, ct));
        return command;
    }

    private static async Task<int> RunAsync(FileInfo? file, CliConsoles consoles, CancellationToken cancellationToken)
    {
        var (lab, yaml) = LabTarget.Resolve(file, null, consoles);
        var quorum = QuorumAnalyzer.Analyze(lab.Plan.Spec);
        QuorumView.WriteWarnings(quorum, consoles.Out);

        consoles.Out.MarkupLine($"bringing up [bold]{Markup.Escape(lab.Plan.Cluster)}[/] in {Markup.Escape(lab.Layout.StateDirectory)}");
        await LabErrors.GuardAsync(() => lab.UpNetworkAsync(yaml, new ConsoleStepReporter(consoles.Out), cancellationToken)).ConfigureAwait(false);

        consoles.Out.MarkupLine($"[green]network up:[/] {lab.Plan.Regions.Length} regions, {lab.Plan.Tunnels.Length} tunnels. " +
            "See `meridian status`; tear down with `meridian down`.");
        return ExitCodes.Success;
    }
}
