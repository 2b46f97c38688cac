using Meridian.Core.Cloud;
using Meridian.Providers.Aws;
using Spectre.Console;

namespace Meridian.Cli.Views;

/// <summary>`plan`, `up` and `down` of a provider: aws cluster: the EC2 part, then the ssh provider on the instances (docs/providers.md, "provider: aws").</summary>
public static class AwsView
{
    public static async Task<int> PlanAsync(AwsTarget target, OutputFormat format, CliConsoles consoles, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(consoles);
        var planned = await ClusterOperations.GuardAsync(() => target.Deployment(consoles).PlanAsync(cancellationToken)).ConfigureAwait(false);
        if (format == OutputFormat.Json)
        {
            JsonOutput.Write(consoles.Json, new
            {
                cluster = target.Plan.Cluster,
                provider = "aws",
                operatorCidr = planned.OperatorCidr,
                toCreate = planned.ToCreate,
                toDelete = planned.ToDelete,
                changes = planned.Changes.Select(c => new { action = c.Action.ToString().ToLowerInvariant(), region = c.Region, awsRegion = c.AwsRegion, kind = c.Kind.ToString(), planId = c.PlanId, id = c.Id, summary = c.Summary }),
            });
        }
        else
        {
            CliConsoles.WriteUnwrapped(consoles.Out, CloudPlanText.Render(planned.Changes));
        }

        return ExitCodes.Success;
    }

    public static async Task<int> UpAsync(AwsTarget target, bool yes, TimeSpan timeout, CliConsoles consoles, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(consoles);
        var deployment = target.Deployment(consoles);
        var planned = await ClusterOperations.GuardAsync(() => deployment.PlanAsync(cancellationToken)).ConfigureAwait(false);
        CliConsoles.WriteUnwrapped(consoles.Out, CloudPlanText.Render(planned.Changes));
        if (planned.ToCreate > 0 && !yes)
        {
            Confirm(planned.ToCreate);
        }

        var report = await ClusterOperations.GuardAsync(() => deployment.ApplyAsync(planned, cancellationToken)).ConfigureAwait(false);
        foreach (var region in report.Regions)
        {
            consoles.Out.MarkupLine($"  {Markup.Escape(region.Region),-16} (aws {Markup.Escape(region.AwsRegion)}): {region.Created.Count} created" +
                (region.RouterAddress is { } address ? $", router {Markup.Escape(address)}" : string.Empty) +
                (region.Failure is { } failure ? $" [red]failed: {Markup.Escape(failure)}[/]" : string.Empty));
        }

        if (report.Failed.Any())
        {
            var failed = report.Failed.ToList();
            throw new UserFacingException(
                $"EC2 failed in {string.Join(", ", failed.Select(f => f.Region))}: {string.Join("; ", failed.Select(f => f.Failure))}. " +
                $"{report.CreatedCount} resource(s) were created and are kept (listed above); the other regions are complete",
                (failed[0].Fix is { } fix ? fix + "; " : string.Empty) + "`meridian up` again finishes the job, `meridian plan` lists every resource, `meridian down` deletes them all");
        }

        consoles.Out.MarkupLine($"[green]aws:[/] {report.CreatedCount} resource(s) created, {planned.Changes.Count(c => c.Action == CloudChangeAction.Keep)} kept; configuring the instances over SSH");

        // Every instance's host key was read from its console over the EC2 API, so SSH trusts nothing new (docs/providers.md, "Host keys on aws").
        var ssh = SshTarget.From(target.Loaded, trustNewHosts: false, timeout)!;
        return await SshView.UpAsync(ssh, consoles, cancellationToken).ConfigureAwait(false);
    }

    public static async Task<int> DownAsync(AwsTarget target, bool keepData, CliConsoles consoles, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(consoles);
        if (keepData)
        {
            throw new UserFacingException(
                "--keep-data is refused on provider: aws: `down` terminates the instances, and their root volumes (the data) go with them",
                "back the data up first (e.g. mariadb-dump through `meridian tunnel`), then run `meridian down` without --keep-data");
        }

        var report = await ClusterOperations.GuardAsync(() => target.Deployment(consoles).DestroyAsync(cancellationToken)).ConfigureAwait(false);
        foreach (var group in report.Deleted.GroupBy(d => d.AwsRegion))
        {
            consoles.Out.MarkupLine($"  aws {Markup.Escape(group.Key)}: deleted {string.Join(", ", group.GroupBy(d => d.Kind).Select(k => $"{k.Count()} {k.Key}"))}");
        }

        if (report.Failures.Count > 0)
        {
            throw new UserFacingException(
                $"down did not finish: {string.Join("; ", report.Failures)}",
                "`meridian down` again continues; `meridian plan` lists what is left");
        }

        if (Directory.Exists(target.Layout.StateDirectory))
        {
            Directory.Delete(target.Layout.StateDirectory, recursive: true);
        }

        consoles.Out.MarkupLine(report.Deleted.Count == 0
            ? $"[green]down:[/] {Markup.Escape(target.Plan.Cluster)}: nothing tagged for it is left in EC2; nothing to delete"
            : $"[green]down:[/] {Markup.Escape(target.Plan.Cluster)}: deleted {report.Deleted.Count} resource(s); nothing tagged for it is left");
        return ExitCodes.Success;
    }

    /// <summary>Asks before creating anything (docs/providers.md, "Plan, then apply"); only a terminal can answer.</summary>
    private static void Confirm(int count)
    {
        if (Console.IsInputRedirected)
        {
            throw new UserFacingException($"up would create {count} resource(s) in AWS (listed above) and cannot ask: standard input is not a terminal", "review the plan, then run `meridian up SPEC --yes`");
        }

        Console.Error.Write($"Create these {count} resource(s) in AWS? [y/N] ");
        var answer = Console.ReadLine()?.Trim();
        if (answer is not ("y" or "Y" or "yes"))
        {
            throw new UserFacingException("nothing was created: the plan was not confirmed", "run `meridian up SPEC` again and answer y, or pass --yes");
        }
    }
}
