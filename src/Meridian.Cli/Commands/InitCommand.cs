using System.CommandLine;
using Meridian.Core.Spec;
using Spectre.Console;

namespace Meridian.Cli.Commands;

/// <summary><c>meridian init [--out FILE] [--force]</c>: writes the default spec, commented, as a starting point.</summary>
public static class InitCommand
{
    public static Command Create(CliConsoles consoles)
    {
        var output = new Option<FileInfo>("--out", "-o")
        {
            Description = "Where to write the spec; '-' writes it to stdout.",
            DefaultValueFactory = _ => new FileInfo("meridian.yaml"),
        };
        var force = new Option<bool>("--force") { Description = "Overwrite the file if it exists." };
        var command = new Command("init", "Write a commented spec for the default three-region cluster, to edit and pass to other commands.")
        {
            output,
            force,
        };
        command.SetAction(parsed => Run(parsed.GetRequiredValue(output), parsed.GetValue(force), consoles));
        return command;
    }

    private static int Run(FileInfo output, bool force, CliConsoles consoles)
    {
        if (output.Name == "-")
        {
            consoles.Json.Write(SpecTemplate.DefaultYaml);
            return ExitCodes.Success;
        }

        if (output.Exists && !force)
        {
            throw new UserFacingException($"{output.FullName} already exists", "pass --force to overwrite it, or --out to choose another file", ExitCodes.InvalidInput);
        }

        File.WriteAllText(output.FullName, SpecTemplate.DefaultYaml);
        consoles.Out.MarkupLine($"wrote [green]{Markup.Escape(output.FullName)}[/]; check it with: meridian validate {Markup.Escape(output.Name)}");
        return ExitCodes.Success;
    }
}
