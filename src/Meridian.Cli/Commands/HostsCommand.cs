using System.CommandLine;
using Meridian.Core.Planning;
using Meridian.Core.Spec;
using Meridian.Providers.Ssh;
using Spectre.Console;

namespace Meridian.Cli.Commands;

/// <summary>
/// <c>meridian hosts check FILE</c>: for a <c>provider: ssh</c> spec, logs in to every host and reports what `up` would
/// stop on, changing nothing (docs/providers.md, "What up checks").
/// </summary>
public static class HostsCommand
{
    public static Command Create(CliConsoles consoles)
    {
        var command = new Command("hosts", "Work with the existing machines of a provider: ssh spec.");
        command.Subcommands.Add(CreateCheck(consoles));
        return command;
    }

    /// <summary>The flag that lets a run record host keys it has never seen (trust on first use).</summary>
    public static Option<bool> TrustNewHosts() => new("--trust-new-hosts")
    {
        Description = "Record the host key of a host that is not in known_hosts yet (trust on first use). Without it, an unknown host is an error " +
            "that shows the key's fingerprint to check. A changed key is always an error.",
    };

    private static Command CreateCheck(CliConsoles consoles)
    {
        var file = new Argument<FileInfo>("file") { Description = "The cluster spec (YAML), with provider: ssh." };
        var trust = TrustNewHosts();
        var format = CommonOptions.Format();
        var command = new Command(
            "check",
            "Log in to every host of the spec (host keys checked against ssh.knownHosts) and check what `up` needs: Debian 12 or 13, " +
            "root or passwordless sudo, and free ports for each host's role. Changes nothing on the hosts (except known_hosts with --trust-new-hosts). " +
            "Exits 0 when every host is ready, 1 otherwise.")
        {
            file,
            trust,
            format,
        };
        command.SetAction((parsed, cancellationToken) => RunCheckAsync(parsed.GetValue(file)!, parsed.GetValue(trust), parsed.GetValue(format), consoles, cancellationToken));
        return command;
    }

    private static async Task<int> RunCheckAsync(FileInfo file, bool trustNewHosts, OutputFormat format, CliConsoles consoles, CancellationToken cancellationToken)
    {
        var spec = SpecInput.LoadOrFail(file, consoles, SpecLoadOptions.Unsafe);
        if (spec.Provider != Provider.Ssh || spec.Ssh is null)
        {
            throw new UserFacingException($"{file.Name} has provider: {spec.Provider.ToString().ToLowerInvariant()}; `hosts check` works on existing machines", "write provider: ssh with an 'ssh' section and each region's 'hosts' (docs/providers.md)", ExitCodes.InvalidInput);
        }

        var plan = Planner.Plan(spec);
        var specDirectory = file.DirectoryName ?? Environment.CurrentDirectory;
        var knownHosts = new KnownHostsStore(SshKeyPaths.Resolve(spec.Ssh.KnownHostsFile, specDirectory, Environment.GetEnvironmentVariable("HOME")), trustNewHosts);
        await using var sessions = await SshSessions.OpenAsync(plan, specDirectory, knownHosts, (host, step) => consoles.Error.MarkupLine($"[grey]{Markup.Escape(host)}: {Markup.Escape(step)}[/]"), cancellationToken).ConfigureAwait(false);
        var reports = await SshPreflight.CheckAsync(plan, sessions, cancellationToken).ConfigureAwait(false);
        if (format == OutputFormat.Json)
        {
            JsonOutput.Write(consoles.Json, reports);
        }
        else
        {
            Print(reports, consoles.Out);
        }

        return reports.All(r => r.Ready) ? ExitCodes.Success : ExitCodes.Failure;
    }

    private static void Print(IEnumerable<HostCheckReport> reports, IAnsiConsole console)
    {
        var table = new Table().AddColumns("host", "reached as", "os", "systemd", "result");
        foreach (var report in reports)
        {
            var reached = $"{report.User}@{report.Address}" + (report.Via is null ? string.Empty : $" via {report.Via}");
            var result = report.Ready ? "[green]ready[/]" : string.Join("\n", report.Problems.Select(p => $"[red]{Markup.Escape(p.Message)}[/]\n  [grey]fix: {Markup.Escape(p.Fix)}[/]"));
            table.AddRow(Markup.Escape(report.Host), Markup.Escape(reached), Markup.Escape(report.Os ?? "-"), report.Systemd is { } s ? (s ? "yes" : "no") : "-", result);
        }

        console.Write(table);
    }
}
