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
    public static (LabContext Lab, string SpecYaml) Resolve(FileInfo? file, string? cluster, CliConsoles consoles, SpecLoadOptions? options = null) =>
        For(LoadedSpec.Load(file, cluster, consoles, options));

    /// <summary>The lab of an already loaded spec; any other provider is an error that names the commands that serve it.</summary>
    public static (LabContext Lab, string SpecYaml) For(LoadedSpec loaded)
    {
        ArgumentNullException.ThrowIfNull(loaded);
        if (loaded.Spec.Provider != Provider.Local)
        {
            var provider = loaded.Spec.Provider.ToString().ToLowerInvariant();
            throw new UserFacingException(
                $"this command works on the local lab; the spec has provider: {provider}",
                $"for an {provider} cluster use {(loaded.Spec.Provider == Provider.Aws ? "`meridian plan`, " : string.Empty)}`up`, `down`, `status`, `tunnel`, `credentials`, `check`, `recover` or `chaos` (docs/providers.md)",
                ExitCodes.InvalidInput);
        }

        var layout = DeploymentLayout.ForCluster(StateRoot, loaded.Spec.Cluster);
        return (new LabContext(Planner.Plan(loaded.Spec), layout, ProcessCommandRunner.Instance, MeridianExecutable), loaded.Yaml);
    }

    /// <summary>The node agent, a Native AOT executable published next to the CLI (./meridian puts both into out/bin).</summary>
    public static string AgentExecutable =>
        Environment.GetEnvironmentVariable("MERIDIAN_AGENT_EXE") is { Length: > 0 } exe ? exe : Path.Combine(AppContext.BaseDirectory, "meridian-agent");

    /// <summary>The apphost next to this assembly: the supervisor is this same program with the hidden `supervise` command.</summary>
    public static string MeridianExecutable =>
        Environment.GetEnvironmentVariable("MERIDIAN_EXE") is { Length: > 0 } exe ? exe : Path.Combine(AppContext.BaseDirectory, "meridian");
}
