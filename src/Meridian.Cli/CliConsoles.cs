using Spectre.Console;

namespace Meridian.Cli;

/// <summary>
/// Where output goes. <see cref="Out"/> and <see cref="Error"/> render human text through Spectre;
/// <see cref="Json"/> receives machine output verbatim. Tests pass TestConsole instances and a StringWriter.
/// </summary>
public sealed record CliConsoles(IAnsiConsole Out, IAnsiConsole Error, TextWriter Json)
{
    public static CliConsoles System() => new(
        AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out) }),
        AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) }),
        Console.Out);

    /// <summary>The console for human text: stdout normally, stderr when stdout carries JSON.</summary>
    public IAnsiConsole Human(OutputFormat format) => format == OutputFormat.Json ? Error : Out;
}
