using System.CommandLine;
using Meridian.Cli.Views;
using Meridian.Core.Decisions;
using Meridian.Core.Spec;
using Meridian.Runtime.Lab;
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
            Description = "Stop after this layer (local lab). 'network': namespaces, region LANs, the WAN hub and the strongSwan mesh. " +
                "'database' (the default): also etcd, the Galera nodes with their agents, garbd on arbitrator hosts, HAProxy and the 127.0.0.1 endpoints (one port per region from the spec's endpoints.port, default 3306).",
            DefaultValueFactory = _ => "database",
        };
        until.AcceptOnlyFromAmong("network", "database");
        var timeout = new Option<int>("--timeout")
        {
            Description = "Seconds to wait for every Galera node to be Synced (with every arbitrator in the component).",
            DefaultValueFactory = _ => 180,
        };
        var allowUnsafe = CommonOptions.AllowUnsafe();
        var trust = HostsCommand.TrustNewHosts();
        var yes = new Option<bool>("--yes") { Description = "provider: aws: create what the plan lists without asking." };
        var command = new Command("up", "Build the cluster the spec describes (default: the three-region local lab; provider: ssh deploys onto the spec's hosts; provider: aws shows the EC2 plan, asks, creates it, then deploys onto the instances). Running it again changes nothing; after a Ctrl-C it converges.")
        {
            file,
            until,
            timeout,
            allowUnsafe,
            trust,
            yes,
        };
        command.SetAction((parsed, ct) => RunAsync(
            parsed.GetValue(file), parsed.GetValue(until) == "database", TimeSpan.FromSeconds(parsed.GetValue(timeout)), CommonOptions.LoadOptions(parsed.GetValue(allowUnsafe)), parsed.GetValue(trust), parsed.GetValue(yes), consoles, ct));
        return command;
    }

    private static async Task<int> RunAsync(FileInfo? file, bool database, TimeSpan timeout, SpecLoadOptions options, bool trustNewHosts, bool yes, CliConsoles consoles, CancellationToken cancellationToken)
    {
        var loaded = LoadedSpec.Load(file, null, consoles, options);
        if (AwsTarget.From(loaded) is { } aws)
        {
            QuorumView.WriteWarnings(QuorumAnalyzer.Analyze(aws.Plan), consoles.Out);
            return await AwsView.UpAsync(aws, yes, timeout, consoles, cancellationToken).ConfigureAwait(false);
        }

        if (SshTarget.From(loaded, trustNewHosts, timeout) is { } ssh)
        {
            QuorumView.WriteWarnings(QuorumAnalyzer.Analyze(ssh.Plan), consoles.Out);
            return await SshView.UpAsync(ssh, consoles, cancellationToken).ConfigureAwait(false);
        }

        var (lab, yaml) = LabTarget.For(loaded);
        var quorum = QuorumAnalyzer.Analyze(lab.Plan);
        QuorumView.WriteWarnings(quorum, consoles.Out);

        consoles.Out.MarkupLine($"bringing up [bold]{Markup.Escape(lab.Plan.Cluster)}[/] in {Markup.Escape(lab.Layout.StateDirectory)}");
        var steps = new ConsoleStepReporter(consoles.Out);
        await LabErrors.GuardAsync(() => new LabNetworkUp(lab).RunAsync(yaml, steps, cancellationToken)).ConfigureAwait(false);
        if (!database)
        {
            consoles.Out.MarkupLine($"[green]network up:[/] {lab.Plan.Regions.Length} regions, {lab.Plan.Tunnels.Length} tunnels. " +
                "See `meridian status`; tear down with `meridian down`.");
            return ExitCodes.Success;
        }

        await LabErrors.GuardAsync(() => new LabDatabaseUp(lab).RunAsync(steps, timeout, cancellationToken)).ConfigureAwait(false);
        var credentials = LabCredentials.Load(lab);
        consoles.Out.MarkupLine($"[green]cluster up:[/] {lab.Plan.GaleraNodes.Count()} Galera nodes{(lab.Plan.Arbitrators.Any() ? $" and {lab.Plan.Arbitrators.Count()} arbitrator(s)" : string.Empty)} in {lab.Plan.Regions.Length} regions. Connect through each region's endpoint:");
        foreach (var login in credentials.Endpoints)
        {
            CliConsoles.WriteUnwrapped(consoles.Out, $"  {login.Region,-16} {login.PromptingCommand}");
        }

        // The password is never printed here: terminals get recorded and shared (docs/security.md).
        consoles.Out.MarkupLine("The password is in the state directory's secrets.env: `meridian credentials` prints it.");

        consoles.Out.MarkupLine("See `meridian status`; tear down with `meridian down`.");
        return ExitCodes.Success;
    }
}
