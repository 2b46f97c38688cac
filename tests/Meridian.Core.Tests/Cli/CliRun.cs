using Meridian.Cli;
using Spectre.Console.Testing;

namespace Meridian.Core.Tests.Cli;

/// <summary>Runs the CLI in-process with captured consoles.</summary>
internal sealed record CliRun(int ExitCode, string Out, string Error, string Json)
{
    public string All => Out + Error + Json;

    public static CliRun Of(params string[] args)
    {
        var output = new TestConsole { EmitAnsiSequences = false }.Width(240);
        var error = new TestConsole { EmitAnsiSequences = false }.Width(240);
        using var json = new StringWriter();
        var exitCode = MeridianCli.Run(args, new CliConsoles(output, error, json));
        return new CliRun(exitCode, output.Output, error.Output, json.ToString());
    }
}
