using System.CommandLine;
using Meridian.Cli.Views;

namespace Meridian.Cli.Commands;

/// <summary><c>meridian plan FILE [--format json]</c>: for provider: aws, what `up` would create and what exists, per region. Changes nothing.</summary>
public static class PlanCommand
{
    public static Command Create(CliConsoles consoles)
    {
        var file = CommonOptions.SpecFile();
        var cluster = CommonOptions.Cluster();
        var format = CommonOptions.Format();
        var command = new Command("plan", "provider: aws: list every EC2 resource `up` would create, keep or delete, per region, read from EC2 by the cluster's tags (credentials from the standard AWS chain). Changes nothing.")
        {
            file,
            cluster,
            format,
        };
        command.SetAction((parsed, ct) => RunAsync(parsed.GetValue(file), parsed.GetValue(cluster), parsed.GetValue(format), consoles, ct));
        return command;
    }

    private static async Task<int> RunAsync(FileInfo? file, string? cluster, OutputFormat format, CliConsoles consoles, CancellationToken cancellationToken)
    {
        var loaded = LoadedSpec.Load(file, cluster, consoles);
        var target = AwsTarget.From(loaded) ?? throw new UserFacingException(
            $"plan is for provider: aws, and this spec's provider is {loaded.Spec.Provider.ToString().ToLowerInvariant()}",
            "`meridian validate SPEC` shows the topology and `meridian render SPEC` the files of a local or ssh cluster");
        return await AwsView.PlanAsync(target, format, consoles, cancellationToken).ConfigureAwait(false);
    }
}
