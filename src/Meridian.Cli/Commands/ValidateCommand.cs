using System.CommandLine;
using Meridian.Cli.Views;
using Meridian.Core.Decisions;
using Meridian.Core.Planning;
using Meridian.Core.Spec;
using Spectre.Console;

namespace Meridian.Cli.Commands;

/// <summary><c>meridian validate [FILE] [--format json]</c>: checks a spec, prints the topology and the quorum table. Writes nothing.</summary>
public static class ValidateCommand
{
    public static Command Create(CliConsoles consoles)
    {
        var file = CommonOptions.SpecFile();
        var format = CommonOptions.Format();
        var allowUnsafe = CommonOptions.AllowUnsafe();
        var command = new Command("validate", "Check a spec: report every problem with file:line:col, then show the planned topology and what losing each region does to quorum.")
        {
            file,
            format,
            allowUnsafe,
        };
        command.SetAction(parsed => Run(parsed.GetValue(file), parsed.GetValue(format), CommonOptions.LoadOptions(parsed.GetValue(allowUnsafe)), consoles));
        return command;
    }

    private static int Run(FileInfo? file, OutputFormat format, SpecLoadOptions options, CliConsoles consoles)
    {
        var result = SpecInput.Load(file, options);
        var plan = result.HasErrors || result.Spec is null ? null : Planner.Plan(result.Spec);
        var quorum = result.HasErrors || result.Spec is null ? null : QuorumAnalyzer.Analyze(result.Spec);

        if (format == OutputFormat.Json)
        {
            JsonOutput.Write(consoles.Json, new
            {
                file = result.Spec?.SourceFile ?? file?.FullName,
                valid = !result.HasErrors,
                diagnostics = result.Diagnostics.Select(d => new
                {
                    file = d.Location.File,
                    line = d.Location.Line,
                    column = d.Location.Column,
                    severity = d.Severity,
                    code = d.Code,
                    message = d.Message,
                    hint = d.Hint,
                }),
                topology = plan is null ? null : TopologyView.Rows(plan),
                quorum = quorum is null ? null : new { survivesAnySingleRegionLoss = quorum.SurvivesAnySingleRegionLoss, outcomes = quorum.Outcomes, warnings = quorum.Warnings },
            });
            return result.HasErrors ? ExitCodes.InvalidInput : ExitCodes.Success;
        }

        SpecInput.PrintDiagnostics(result, consoles.Error);
        if (plan is null || quorum is null)
        {
            var errors = result.Diagnostics.Count(d => d.Severity == DiagnosticSeverity.Error);
            consoles.Error.MarkupLine($"[red]invalid:[/] {errors} error(s)");
            return ExitCodes.InvalidInput;
        }

        consoles.Out.Write(TopologyView.Table(plan));
        consoles.Out.Write(QuorumView.Table(quorum));
        QuorumView.WriteWarnings(quorum, consoles.Out);
        consoles.Out.MarkupLine($"[green]valid:[/] {Markup.Escape(result.Spec!.SourceFile)}");
        return ExitCodes.Success;
    }
}
