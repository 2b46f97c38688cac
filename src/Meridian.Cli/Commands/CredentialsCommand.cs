using System.CommandLine;
using Spectre.Console;

namespace Meridian.Cli.Commands;

/// <summary><c>meridian credentials</c>: the application database, user and password, and a mariadb command per region.</summary>
public static class CredentialsCommand
{
    public static Command Create(CliConsoles consoles)
    {
        var file = CommonOptions.SpecFile();
        var cluster = CommonOptions.Cluster();
        var format = CommonOptions.Format();
        var command = new Command(
            "credentials",
            "Print the application database, user and PASSWORD (from the state directory's secrets.env) and, per region, " +
            "a ready-to-paste `mariadb -h 127.0.0.1 -P PORT …` command for its SQL endpoint, which verifies the server's " +
            "certificate against the cluster's SQL CA (pki/ca-sql.crt). This prints a secret: " +
            "don't run it where the terminal is recorded or shared.")
        {
            file,
            cluster,
            format,
        };
        command.SetAction(parsed => Run(parsed.GetValue(file), parsed.GetValue(cluster), parsed.GetValue(format), consoles));
        return command;
    }

    private static int Run(FileInfo? file, string? cluster, OutputFormat format, CliConsoles consoles)
    {
        var loaded = LoadedSpec.Load(file, cluster, consoles);
        var ssh = SshTarget.From(loaded, trustNewHosts: false, TimeSpan.Zero);
        var credentials = LabCredentials.Load(ssh?.LocalState ?? LabTarget.For(loaded).Lab);
        if (ssh is not null && format != OutputFormat.Json)
        {
            // An ssh cluster's endpoints are on its routers' LANs; these 127.0.0.1 ports reach them while `meridian tunnel` runs.
            consoles.Error.MarkupLine("[grey]the 127.0.0.1 ports below reach each region's endpoint while `meridian tunnel` runs (docs/providers.md)[/]");
        }

        if (format == OutputFormat.Json)
        {
            JsonOutput.Write(consoles.Json, credentials);
            return ExitCodes.Success;
        }

        var account = new Grid().AddColumns(2);
        account.AddRow("[grey]database[/]", Markup.Escape(credentials.Database));
        account.AddRow("[grey]user[/]", Markup.Escape(credentials.User));
        account.AddRow("[grey]password[/]", Markup.Escape(credentials.Password));
        consoles.Out.Write(account);
        consoles.Out.WriteLine();
        foreach (var endpoint in credentials.Endpoints)
        {
            consoles.Out.MarkupLine($"[grey]# {Markup.Escape(endpoint.Region)}[/]");
            // Plain text, no markup or wrapping, so a triple click copies a working command.
            CliConsoles.WriteUnwrapped(consoles.Out, endpoint.Command);
        }

        return ExitCodes.Success;
    }
}
