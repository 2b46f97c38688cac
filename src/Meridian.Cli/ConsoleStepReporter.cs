using System.Diagnostics;
using Meridian.Runtime.Lab;
using Spectre.Console;

namespace Meridian.Cli;

/// <summary>Prints each long step as it starts and how long it took, so a slow step is never a silent pause.</summary>
public sealed class ConsoleStepReporter(IAnsiConsole console) : IStepReporter
{
    public async Task<T> RunAsync<T>(string title, Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        console.MarkupLine($"[grey]…[/] {Markup.Escape(title)}");
        var watch = Stopwatch.StartNew();
        try
        {
            var result = await work(cancellationToken).ConfigureAwait(false);
            console.MarkupLine($"[green]✓[/] {Markup.Escape(title)} [grey]({watch.Elapsed.TotalSeconds:F1} s)[/]");
            return result;
        }
        catch
        {
            console.MarkupLine($"[red]✗[/] {Markup.Escape(title)} [grey]({watch.Elapsed.TotalSeconds:F1} s)[/]");
            throw;
        }
    }

    public void Note(string message) => console.MarkupLine($"  [grey]{Markup.Escape(message)}[/]");
}
