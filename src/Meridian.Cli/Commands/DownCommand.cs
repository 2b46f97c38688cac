using System.CommandLine;
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
        var keepData = new Option<bool>("--keep-data") { Description = "Keep data directories, the PKI and secrets; remove processes, namespaces and runtime files." };
        var command = new Command("down", "Stop every process `up` started (by recorded PID), delete every namespace, and remove the state directory. Safe to run twice, and after the supervisor was killed.")
        {
            file,
            cluster,
            keepData,
        };
        command.SetAction((parsed, ct) => RunAsync(parsed.GetValue(file), parsed.GetValue(cluster), parsed.GetValue(keepData), consoles, ct));
        return command;
    }

    private static async Task<int> RunAsync(FileInfo? file, string? cluster, bool keepData, CliConsoles consoles, CancellationToken cancellationToken)
    {
        var (lab, _) = LabTarget.Resolve(file, cluster, consoles);
        var report = await LabErrors.GuardAsync(() => new LabDown(lab).RunAsync(keepData, new ConsoleStepReporter(consoles.Out), cancellationToken)).ConfigureAwait(false);
        consoles.Out.MarkupLine($"[green]down:[/] {Markup.Escape(lab.Plan.Cluster)}: stopped {report.ProcessesStopped} process(es), deleted {report.NamespacesDeleted} namespace(s)");
        return ExitCodes.Success;
    }
}
