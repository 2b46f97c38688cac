using Meridian.Providers.Ssh;
using Spectre.Console;

namespace Meridian.Cli;

/// <summary>Per-host progress of an ssh deployment on stderr's console, one line per event, with the time since the start.</summary>
public sealed class ConsoleDeploymentProgress(CliConsoles consoles) : IDeploymentProgress
{
    private readonly System.Diagnostics.Stopwatch watch = System.Diagnostics.Stopwatch.StartNew();
    private readonly Lock sync = new();

    public void Host(string host, string message) => Write($"[grey]{Stamp}[/] [bold]{Markup.Escape(host)}[/]: {Markup.Escape(message)}");

    public void Cluster(string message) => Write($"[grey]{Stamp}[/] {Markup.Escape(message)}");

    private string Stamp => $"{watch.Elapsed.TotalSeconds,6:F1}s";

    private void Write(string markup)
    {
        lock (sync)
        {
            consoles.Error.MarkupLine(markup);
        }
    }
}
