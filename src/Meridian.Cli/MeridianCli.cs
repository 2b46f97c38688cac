using System.CommandLine;
using Meridian.Cli.Commands;
using Spectre.Console;

namespace Meridian.Cli;

/// <summary>Builds the command tree and runs it. Every command delegates to Core/Runtime services.</summary>
public static class MeridianCli
{
    public static RootCommand BuildRoot(CliConsoles consoles)
    {
        var root = new RootCommand(
            "Meridian builds and runs one MariaDB Galera cluster stretched across regions: " +
            "a strongSwan IPsec full mesh, one etcd cluster, and one agent per host, all from one YAML spec: a local lab, or existing Debian hosts over SSH.");
        root.Subcommands.Add(InitCommand.Create(consoles));
        root.Subcommands.Add(ValidateCommand.Create(consoles));
        root.Subcommands.Add(RenderCommand.Create(consoles));
        root.Subcommands.Add(PlanCommand.Create(consoles));
        root.Subcommands.Add(UpCommand.Create(consoles));
        root.Subcommands.Add(StatusCommand.Create(consoles));
        root.Subcommands.Add(DashboardCommand.Create(consoles));
        root.Subcommands.Add(WanCommand.Create(consoles));
        root.Subcommands.Add(DownCommand.Create(consoles));
        root.Subcommands.Add(CredentialsCommand.Create(consoles));
        root.Subcommands.Add(ChaosCommand.Create(consoles));
        root.Subcommands.Add(CheckCommand.Create(consoles));
        root.Subcommands.Add(BenchCommand.Create(consoles));
        root.Subcommands.Add(RecoverCommand.Create(consoles));
        root.Subcommands.Add(HostsCommand.Create(consoles));
        root.Subcommands.Add(TunnelCommand.Create(consoles));
        root.Subcommands.Add(LabCommand.Create(consoles));
        root.Subcommands.Add(SuperviseCommand.Create(consoles));
        return root;
    }

    public static int Run(string[] args, CliConsoles consoles)
    {
        var root = BuildRoot(consoles);
        var parsed = root.Parse(args);
        try
        {
            return parsed.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (UserFacingException ex)
        {
            ReportError(consoles, ex.Message, ex.Hint);
            return ex.ExitCode;
        }
        catch (OperationCanceledException)
        {
            ReportError(consoles, "interrupted", "re-run the same command: it converges from where it stopped");
            return ExitCodes.Interrupted;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            ReportError(consoles, ex.Message, "check the path and its permissions");
            return ExitCodes.Failure;
        }
        catch (Exception ex)
        {
            // Unexpected: still no stack trace on the terminal, but say what type it was so a bug report is useful.
            ReportError(consoles, $"{ex.GetType().Name}: {ex.Message}", "this is a bug in meridian; please report it with the command you ran (MERIDIAN_DEBUG=1 adds the stack trace)");
            if (Environment.GetEnvironmentVariable("MERIDIAN_DEBUG") == "1")
            {
                consoles.Error.WriteLine(ex.ToString());
            }

            return ExitCodes.Failure;
        }
    }

    public static void ReportError(CliConsoles consoles, string message, string hint)
    {
        consoles.Error.MarkupLine($"[red]error:[/] {Markup.Escape(message)}");
        if (hint.Length > 0)
        {
            consoles.Error.MarkupLine($"  [grey]fix:[/] {Markup.Escape(hint)}");
        }
    }
}
