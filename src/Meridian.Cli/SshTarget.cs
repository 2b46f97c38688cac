using Meridian.Core.Planning;
using Meridian.Core.Spec;
using Meridian.Providers.Aws;
using Meridian.Providers.Ssh;
using Meridian.Runtime.Lab;
using Meridian.Runtime.Processes;

namespace Meridian.Cli;

/// <summary>
/// A provider: ssh cluster a command is about (docs/providers.md): its plan, its local state directory (PKI, secrets,
/// the spec copy) under the same state root as a lab's, and how to reach its hosts.
/// </summary>
public sealed record SshTarget(ClusterPlan Plan, DeploymentLayout Layout, SshDeploymentOptions Options)
{
    /// <summary>
    /// The spec's ssh target, or null when the spec is for the local lab. A provider: aws spec is the ssh target its
    /// instances make (the routers' recorded Elastic IPs, docs/providers.md, "provider: aws"). The spec is parsed once, by the caller.
    /// </summary>
    public static SshTarget? From(LoadedSpec loaded, bool trustNewHosts, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(loaded);
        var layout = DeploymentLayout.ForCluster(LabTarget.StateRoot, loaded.Spec.Cluster);
        var spec = loaded.Spec.Provider == Provider.Aws
            ? AwsDeployment.SshSpec(loaded.Spec, layout) ?? throw new UserFacingException(
                $"cluster '{loaded.Spec.Cluster}' (provider: aws) has no instances recorded in {layout.StateDirectory}",
                "create them with `meridian up SPEC`; `meridian plan SPEC` shows what exists in EC2")
            : loaded.Spec;
        if (spec.Provider != Provider.Ssh || spec.Ssh is not { } ssh)
        {
            return null;
        }

        var knownHosts = new KnownHostsStore(SshKeyPaths.Resolve(ssh.KnownHostsFile, loaded.Directory, Environment.GetEnvironmentVariable("HOME")), trustNewHosts);
        return new SshTarget(
            Planner.Plan(spec),
            layout,
            new SshDeploymentOptions(loaded.Directory, loaded.Yaml, knownHosts, LabTarget.AgentExecutable, timeout));
    }

    /// <summary>
    /// The local state directory as the SQL tools read it (secrets.env, pki/, the 127.0.0.1 endpoints): the same shape as
    /// a lab's, so `credentials` and `check` share the lab's code once <see cref="SshEndpointTunnels"/> carry the ports.
    /// </summary>
    public LabContext LocalState => new(Plan, Layout, ProcessCommandRunner.Instance, LabTarget.MeridianExecutable);

    public SshDeployment Deployment(CliConsoles consoles) => new(Plan, Layout, Options, new ConsoleDeploymentProgress(consoles));

    /// <summary>A deployment that prints nothing (for commands whose own output is the point).</summary>
    public SshDeployment QuietDeployment() => new(Plan, Layout, Options, SilentDeploymentProgress.Instance);

    /// <summary>Runs <paramref name="action"/> with ssh failures turned into user-facing errors (what, which host, how to fix).</summary>
    public static async Task<T> GuardAsync<T>(Func<Task<T>> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (SshHostException ex)
        {
            throw new UserFacingException(ex.Message, ex.Fix);
        }
        catch (SshDeploymentException ex)
        {
            throw new UserFacingException(ex.Message, ex.Fix);
        }
        catch (TimeoutException ex)
        {
            throw new UserFacingException(ex.Message, "`meridian status` shows each host's agent and daemons; their logs are under /var/lib/meridian/<cluster>/log/ on each host; `meridian up` again continues");
        }
        catch (Meridian.Runtime.Processes.CommandFailedException ex)
        {
            throw new UserFacingException(ex.Message, "fix the cause above, then run the same command again: every step converges");
        }
    }
}
