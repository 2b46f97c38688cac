using Meridian.Core.Planning;

namespace Meridian.Core.Rendering;

/// <summary>
/// Where Meridian puts things on a real host (docs/providers.md, "What is installed where"). Everything of one cluster is
/// under one root, laid out like a lab host's directory (config, tls/, data/, log/, run/), so the agent, the renderers
/// and the providers share one table of paths (<see cref="HostLayout"/>, <see cref="HostFilePaths"/>).
/// </summary>
public static class RemoteLayout
{
    /// <summary>The directory the agent binary is installed in, shared by every cluster on the host.</summary>
    public const string AgentDirectory = "/usr/local/lib/meridian";

    public const string AgentBinary = AgentDirectory + "/meridian-agent";

    /// <summary>The cluster's root on every host: configs, keys, data, logs and run files.</summary>
    public static HostLayout ForCluster(string cluster) => new($"{DeploymentLayout.DefaultRoot}/{cluster}");

    /// <summary>The systemd unit that runs the cluster's agent; one per cluster, so two clusters can share a host.</summary>
    public static string UnitName(string cluster) => $"meridian-agent-{cluster}.service";

    /// <summary>The agent's PID where no systemd runs it (<see cref="AgentServiceRenderer.StartCommand"/>).</summary>
    public static string AgentPidFile(string cluster) => Path.Combine(ForCluster(cluster).RunDir, "agent.pid");

    public static string UnitPath(string cluster) => $"/etc/systemd/system/{UnitName(cluster)}";
}
