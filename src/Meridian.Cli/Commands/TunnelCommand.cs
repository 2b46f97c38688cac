using System.CommandLine;
using Meridian.Providers.Ssh;
using Spectre.Console;

namespace Meridian.Cli.Commands;

/// <summary>
/// <c>meridian tunnel [FILE] [--cluster NAME]</c>: for an ssh cluster, every region's SQL endpoint on this machine's
/// 127.0.0.1 through SSH until Ctrl-C (docs/providers.md, "SQL from the operator's machine").
/// </summary>
public static class TunnelCommand
{
    public static Command Create(CliConsoles consoles)
    {
        var file = CommonOptions.SpecFile();
        var cluster = CommonOptions.Cluster();
        var command = new Command(
            "tunnel",
            "provider: ssh: forward every region's SQL endpoint (HAProxy on its router's LAN) to 127.0.0.1 on this machine through SSH, " +
            "on the ports `meridian credentials` prints (endpoints.port + the region's position), until Ctrl-C. The servers' certificates " +
            "name 127.0.0.1, so clients verify them against the cluster's SQL CA.")
        {
            file,
            cluster,
        };
        command.SetAction((parsed, ct) => RunAsync(parsed.GetValue(file), parsed.GetValue(cluster), consoles, ct));
        return command;
    }

    private static async Task<int> RunAsync(FileInfo? file, string? cluster, CliConsoles consoles, CancellationToken cancellationToken)
    {
        var loaded = LoadedSpec.Load(file, cluster, consoles);
        var ssh = SshTarget.From(loaded, trustNewHosts: false, TimeSpan.Zero)
            ?? throw new UserFacingException("`meridian tunnel` is for provider: ssh clusters; the lab's endpoints are on 127.0.0.1 already", "use `meridian credentials` for the lab's commands", ExitCodes.InvalidInput);
        var credentials = LabCredentials.Load(ssh.LocalState);
        await using var sessions = await SshTarget.GuardAsync(() => ssh.QuietDeployment().OpenCheckedAsync(cancellationToken)).ConfigureAwait(false);
        using var tunnels = await SshTarget.GuardAsync(() => Task.FromResult(SshEndpointTunnels.Open(ssh.Plan, sessions))).ConfigureAwait(false);
        consoles.Out.MarkupLine($"[green]tunnels open[/] to {ssh.Plan.Regions.Length} region endpoint(s) of [bold]{Markup.Escape(ssh.Plan.Cluster)}[/]; Ctrl-C closes them. Connect with:");
        foreach (var endpoint in credentials.Endpoints)
        {
            CliConsoles.WriteUnwrapped(consoles.Out, $"  {endpoint.Region,-16} {endpoint.PromptingCommand}");
        }

        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            consoles.Out.MarkupLine("tunnels closed");
        }

        return ExitCodes.Success;
    }
}
