using System.CommandLine;
using Meridian.Cli.Views;
using Meridian.Runtime.Lab;
using Spectre.Console;

namespace Meridian.Cli.Commands;

/// <summary><c>meridian down [FILE] [--cluster NAME] [--keep-data]</c>: removes everything `up` made. Idempotent.</summary>
public static class DownCommand
{
    public static Command Create(CliConsoles consoles)
    {
        var file = CommonOptions.SpecFile();
        var cluster = CommonOptions.Cluster();
        var keepData = new Option<bool>("--keep-data") { Description = "Keep data directories, the PKI and secrets; remove processes, namespaces and runtime files (ssh: each host's data/ stays)." };
        var trust = HostsCommand.TrustNewHosts();
        var command = new Command("down", "Stop every process `up` started (by recorded PID), delete every namespace, and remove the state directory (provider: ssh: stop each host's agent and remove what `up` installed; provider: aws: delete every EC2 resource tagged for the cluster). Safe to run twice, and after the supervisor was killed.")
        {
            file,
            cluster,
            keepData,
            trust,
        };
        command.SetAction((parsed, ct) => RunAsync(parsed.GetValue(file), parsed.GetValue(cluster), parsed.GetValue(keepData), parsed.GetValue(trust), consoles, ct));
        return command;
    }

    private static async Task<int> RunAsync(FileInfo? file, string? cluster, bool keepData, bool trustNewHosts, CliConsoles consoles, CancellationToken cancellationToken)
    {
        var loaded = LoadedSpec.Load(file, cluster, consoles);
        if (AwsTarget.From(loaded) is { } aws)
        {
            return await AwsView.DownAsync(aws, keepData, consoles, cancellationToken).ConfigureAwait(false);
        }

        if (SshTarget.From(loaded, trustNewHosts, TimeSpan.Zero) is { } ssh)
        {
            return await SshView.DownAsync(ssh, keepData, consoles, cancellationToken).ConfigureAwait(false);
        }

        var (lab, _) = LabTarget.For(loaded);
        var report = await LabErrors.GuardAsync(() => new LabDown(lab).RunAsync(keepData, new ConsoleStepReporter(consoles.Out), cancellationToken)).ConfigureAwait(false);
        consoles.Out.MarkupLine($"[green]down:[/] {Markup.Escape(lab.Plan.Cluster)}: stopped {report.ProcessesStopped} process(es), deleted {report.NamespacesDeleted} namespace(s)");
        return ExitCodes.Success;
    }
}
