using Meridian.Core.Decisions;
using Spectre.Console;

namespace Meridian.Cli.Views;

/// <summary>What losing each region does to Galera's Primary component and to etcd's quorum.</summary>
public static class QuorumView
{
    public static Table Table(QuorumReport report)
    {
        var table = new Table().Title("if one region is lost")
            .AddColumns("lost region", "Galera weight left", "Galera", "etcd members left", "etcd");
        foreach (var outcome in report.Outcomes)
        {
            table.AddRow(
                Markup.Escape(outcome.Region),
                $"{outcome.RemainingWeight} of {outcome.TotalWeight}",
                outcome.GaleraKeepsPrimary ? "[green]keeps Primary[/]" : "[red]loses Primary: writes stop[/]",
                $"{outcome.EtcdMembersLeft} of {outcome.EtcdMembersTotal}",
                outcome.EtcdKeepsQuorum ? "[green]keeps quorum[/]" : "[red]loses quorum[/]");
        }

        return table;
    }

    public static void WriteWarnings(QuorumReport report, IAnsiConsole console)
    {
        foreach (var warning in report.Warnings)
        {
            console.MarkupLine($"[yellow]warning:[/] {Markup.Escape(warning)}");
        }
    }
}
