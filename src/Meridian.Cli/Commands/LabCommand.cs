using System.CommandLine;

namespace Meridian.Cli.Commands;

/// <summary><c>meridian lab …</c>: lab tools beside the lab itself; today the bare machines (docs/lab.md, "Bare machines").</summary>
public static class LabCommand
{
    public static Command Create(CliConsoles consoles)
    {
        var lab = new Command("lab", "Local lab tools: bare machines to deploy onto over SSH.");
        lab.Subcommands.Add(MachinesCommand.Create(consoles));
        return lab;
    }
}
