using Meridian.Core.Planning;
using Meridian.Runtime.Processes;

namespace Meridian.Runtime.Lab;

/// <summary>
/// One local lab as its operations need it: the plan, the state directory, how commands run, and the `meridian`
/// executable that becomes its supervisor. The operations are types of their own: <see cref="LabSupervisorClient"/>,
/// <see cref="LabNetworkUp"/>, <see cref="LabDatabaseUp"/>, <see cref="LabDown"/> and <see cref="LabAppLogin"/>
/// (docs/lab.md, "What `up` does").
/// </summary>
public sealed record LabContext(ClusterPlan Plan, DeploymentLayout Layout, ICommandRunner Runner, string MeridianExecutable)
{
    /// <summary>`up` and `down` change the machine; the read-only commands only ask the supervisor, which is root's.</summary>
    internal static void RequireRoot()
    {
        if (!Environment.IsPrivilegedProcess)
        {
            throw new LabException("the local lab needs root: it creates network namespaces, TUN devices and mounts", "run it as root, e.g. sudo ./meridian up");
        }
    }
}
