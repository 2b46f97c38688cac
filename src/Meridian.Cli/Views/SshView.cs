using Meridian.Core.Hosts;
using Meridian.Providers.Ssh;
using Spectre.Console;

namespace Meridian.Cli.Views;

/// <summary>`up`, `down` and `status` of a provider: ssh cluster: runs the deployment and prints what it did (docs/providers.md).</summary>
public static class SshView
{
    public static async Task<int> UpAsync(SshTarget target, CliConsoles consoles, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(consoles);
        var hosts = target.Plan.Hosts.Count(h => h.Ssh is not null);
        consoles.Out.MarkupLine($"deploying [bold]{Markup.Escape(target.Plan.Cluster)}[/] onto {hosts} hosts over SSH (local state: {Markup.Escape(target.Layout.StateDirectory)})");
        var report = await SshTarget.GuardAsync(() => target.Deployment(consoles).UpAsync(cancellationToken)).ConfigureAwait(false);
        var installed = report.Hosts.Sum(h => h.PackagesInstalled.Length);
        var written = report.Hosts.Sum(h => h.FilesChanged.Length);
        consoles.Out.MarkupLine(
            $"[green]cluster up:[/] {target.Plan.GaleraNodes.Count()} Galera nodes Synced; {installed} package(s) installed, {written} file(s) written, " +
            $"{report.Hosts.Count(h => h.AgentStarted)} agent(s) started, {report.Restarts} restarted.");
        consoles.Out.MarkupLine("Each region's SQL endpoint (HAProxy on its router's LAN address; clients in that region connect there):");
        foreach (var endpoint in report.Endpoints)
        {
            CliConsoles.WriteUnwrapped(consoles.Out, $"  {endpoint.Region,-16} {endpoint.Address}:{endpoint.Port}  (router {endpoint.Router}{(endpoint.PublicAddress is { } p ? $", public {p}" : string.Empty)})");
        }

        // The password is never printed here: terminals get recorded and shared (docs/security.md).
        consoles.Out.MarkupLine($"The application password is in {Markup.Escape(target.Layout.SecretsFile)}. See `meridian status`; tear down with `meridian down`.");
        return ExitCodes.Success;
    }

    public static async Task<int> DownAsync(SshTarget target, bool keepData, CliConsoles consoles, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(consoles);
        var report = await SshTarget.GuardAsync(() => target.Deployment(consoles).DownAsync(keepData, cancellationToken)).ConfigureAwait(false);
        consoles.Out.MarkupLine(
            $"[green]down:[/] {Markup.Escape(target.Plan.Cluster)}: stopped {report.AgentsStopped.Length} agent(s) and their daemons, cleaned {report.HostsCleaned.Length} host(s)" +
            (keepData ? "; each host's data/ and the local PKI and secrets were kept" : string.Empty));
        return ExitCodes.Success;
    }

    public static async Task<int> StatusAsync(SshTarget target, OutputFormat format, CliConsoles consoles, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(consoles);
        var hosts = await SshTarget.GuardAsync(() => target.Deployment(consoles).StatusAsync(cancellationToken)).ConfigureAwait(false);
        if (format == OutputFormat.Json)
        {
            JsonOutput.Write(consoles.Json, new { cluster = target.Plan.Cluster, provider = "ssh", hosts });
        }
        else
        {
            var table = new Table().Title($"ssh cluster [bold]{Markup.Escape(target.Plan.Cluster)}[/]").AddColumns("host", "region", "agent", "health", "daemons");
            foreach (var host in hosts)
            {
                var health = host.Error is { } error ? $"[red]{Markup.Escape(error)}[/]" : host.Healthy ? $"[green]{Markup.Escape(host.Health)}[/]" : $"[yellow]{Markup.Escape(host.Health)}[/]";
                var daemons = string.Join("\n", host.Daemons.Select(d => $"{d.Name}: {(d.State is DaemonState.Ready or DaemonState.Running ? "[green]" : "[yellow]")}{d.State.ToString().ToLowerInvariant()}[/]{(d.Pid is { } pid ? $" (PID {pid})" : string.Empty)}"));
                table.AddRow(Markup.Escape(host.Host), Markup.Escape(host.Region), host.AgentPid is { } agent ? $"PID {agent}" : "[red]not running[/]", health, daemons.Length == 0 ? "-" : daemons);
            }

            consoles.Out.Write(table);
        }

        return hosts.All(h => h.Error is null) ? ExitCodes.Success : ExitCodes.Failure;
    }
}
