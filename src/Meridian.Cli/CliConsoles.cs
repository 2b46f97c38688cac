using Spectre.Console;

namespace Meridian.Cli;

/// <summary>
/// Where output goes. <see cref="Out"/> and <see cref="Error"/> render human text through Spectre;
/// <see cref="Json"/> receives machine output verbatim. Tests pass TestConsole instances and a StringWriter.
/// </summary>
public sealed record CliConsoles(IAnsiConsole Out, IAnsiConsole Error, TextWriter Json)
{
    public static CliConsoles System() => new(Create(Console.Out, Console.IsOutputRedirected), Create(Console.Error, Console.IsErrorRedirected), Console.Out);

    /// <summary>
    /// Spectre assumes 80 columns when output is not a terminal and wraps there, which splits file:line:col errors and
    /// table rows in logs and CI; redirected output gets a wide virtual width instead.
    /// </summary>
    private static IAnsiConsole Create(TextWriter writer, bool redirected)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(writer) });
        if (redirected)
        {
            console.Profile.Width = 240;
        }

        return console;
    }

    /// <summary>
    /// A line written past Spectre's layout, never wrapped at the console width: a command (a mariadb line with its TLS
    /// options and the CA's path is longer than most terminals) must stay one line, so a triple click copies all of it.
    /// </summary>
    public static void WriteUnwrapped(IAnsiConsole console, string line)
    {
        ArgumentNullException.ThrowIfNull(console);
        var writer = console.Profile.Out.Writer;
        writer.WriteLine(line);
        writer.Flush();
    }

    /// <summary>The console for human text: stdout normally, stderr when stdout carries JSON.</summary>
    public IAnsiConsole Human(OutputFormat format) => format == OutputFormat.Json ? Error : Out;
}
