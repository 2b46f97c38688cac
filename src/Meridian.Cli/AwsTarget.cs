using Meridian.Core.Planning;
using Meridian.Core.Spec;
using Meridian.Providers.Aws;

namespace Meridian.Cli;

/// <summary>A provider: aws cluster a command is about (docs/providers.md, "provider: aws"): its spec, plan and local state directory.</summary>
public sealed record AwsTarget(LoadedSpec Loaded, ClusterPlan Plan, DeploymentLayout Layout)
{
    /// <summary>The spec's aws target, or null when the spec is for another provider.</summary>
    public static AwsTarget? From(LoadedSpec loaded)
    {
        ArgumentNullException.ThrowIfNull(loaded);
        return loaded.Spec.Provider == Provider.Aws
            ? new AwsTarget(loaded, Planner.Plan(loaded.Spec), DeploymentLayout.ForCluster(LabTarget.StateRoot, loaded.Spec.Cluster))
            : null;
    }

    public AwsDeployment Deployment(CliConsoles consoles) => new(Loaded.Spec, Plan, Layout, Loaded.Directory, new ConsoleDeploymentProgress(consoles));
}
