using Meridian.Core.Spec;
using Spectre.Console;

namespace Meridian.Cli;

/// <summary>Loads the spec named on the command line (or the built-in default) and prints its diagnostics to stderr.</summary>
public static class SpecInput
{
    public static SpecLoadResult Load(FileInfo? file, SpecLoadOptions options) =>
        file is null ? new SpecLoadResult(ClusterSpec.Default, []) : SpecLoader.LoadFile(DisplayPath(file), options);

    /// <summary>Diagnostics name the file as the user would: relative to the current directory when it is below it.</summary>
    private static string DisplayPath(FileInfo file)
    {
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, file.FullName);
        return relative.StartsWith("..", StringComparison.Ordinal) ? file.FullName : relative;
    }

    /// <summary>Loads and prints diagnostics; throws <see cref="UserFacingException"/> when the spec has errors.</summary>
    public static ClusterSpec LoadOrFail(FileInfo? file, CliConsoles consoles, SpecLoadOptions options)
    {
        var result = Load(file, options);
        PrintDiagnostics(result, consoles.Error);
        if (result.HasErrors || result.Spec is null)
        {
            throw new UserFacingException(
                $"the spec has {result.Diagnostics.Count(d => d.Severity == DiagnosticSeverity.Error)} error(s); nothing was changed",
                "fix the problems listed above, then run the command again (`meridian validate FILE` checks a spec without side effects)",
                ExitCodes.InvalidInput);
        }

        return result.Spec;
    }

    public static void PrintDiagnostics(SpecLoadResult result, IAnsiConsole console)
    {
        foreach (var diagnostic in result.Diagnostics)
        {
            var (color, word) = diagnostic.Severity == DiagnosticSeverity.Error ? ("red", "error") : ("yellow", "warning");
            console.MarkupLine($"{Markup.Escape(diagnostic.Location.ToString())}: [{color}]{word}[/] {diagnostic.Code}: {Markup.Escape(diagnostic.Message)}");
            if (diagnostic.Hint.Length > 0)
            {
                console.MarkupLine($"  [grey]fix:[/] {Markup.Escape(diagnostic.Hint)}");
            }
        }
    }
}
