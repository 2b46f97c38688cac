using Meridian.Core.Planning;
using Meridian.Core.Spec;
using Meridian.Runtime.Lab;
using Meridian.Runtime.Processes;

namespace Meridian.Cli;

/// <summary>
/// Finds the lab a command is about: from the spec FILE (or the built-in default), or with --cluster from the spec
/// copy that `up` saved in the cluster's state directory. State lives under $MERIDIAN_STATE_ROOT, default /var/lib/meridian.
/// </summary>
public static class LabTarget
{
    public static string StateRoot => Environment.GetEnvironmentVariable("MERIDIAN_STATE_ROOT") is { Length: > 0 } root ? root : DeploymentLayout.DefaultRoot;

    /// <param name="options">
    /// <see cref="SpecLoadOptions.Unsafe"/> (the default) for commands that act on a lab `up` already accepted — `down`
    /// must remove a tutorial lab too; `up` passes its --allow-unsafe.
    /// </param>
    public static (LabContext Lab, string SpecYaml) Resolve(FileInfo? file, string? cluster, CliConsoles consoles, SpecLoadOptions? options = null)
    {
        if (cluster is not null)
        {
            var saved = DeploymentLayout.ForCluster(StateRoot, cluster).SpecCopy;
            if (!File.Exists(saved))
            {
                throw new UserFacingException($"no lab named '{cluster}' under {StateRoot} (no {saved})", "name the spec file instead, or check the name with `ls " + StateRoot + "`", ExitCodes.InvalidInput);
            }

            file = new FileInfo(saved);
        }

        var spec = SpecInput.LoadOrFail(file, consoles, options ?? SpecLoadOptions.Unsafe);
        if (spec.Provider != Provider.Local)
        {
            throw new UserFacingException($"provider '{spec.Provider.ToString().ToLowerInvariant()}' is not implemented yet; only 'local' builds a lab", "set provider: local", ExitCodes.InvalidInput);
        }

        var yaml = file is null ? SpecTemplate.DefaultYaml : File.ReadAllText(file.FullName);
        var layout = DeploymentLayout.ForCluster(StateRoot, spec.Cluster);
        return (new LabContext(Planner.Plan(spec), layout, ProcessCommandRunner.Instance, MeridianExecutable), yaml);
    }

    /// <summary>The node agent, a Native AOT executable published next to the CLI (./meridian puts both into out/bin).</summary>
    public static string AgentExecutable =>
        Environment.GetEnvironmentVariable("MERIDIAN_AGENT_EXE") is { Length: > 0 } exe ? exe : Path.Combine(AppContext.BaseDirectory, "meridian-agent");

    /// <summary>The apphost next to this assembly: the supervisor is this same program with the hidden `supervise` command.</summary>
    public static string MeridianExecutable =>
        Environment.GetEnvironmentVariable("MERIDIAN_EXE") is { Length: > 0 } exe ? exe : Path.Combine(AppContext.BaseDirectory, "meridian");
}
