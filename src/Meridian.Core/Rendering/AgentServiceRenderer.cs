namespace Meridian.Core.Rendering;

/// <summary>
/// How a real host starts its agent at boot (docs/providers.md, "The agent's service"): a systemd unit where systemd
/// runs, else a line in <c>/etc/rc.local</c> (Debian's rc-local convention, which systemd-rc-local-generator also
/// honours), marked so that `down` removes exactly that line.
/// </summary>
public static class AgentServiceRenderer
{
    /// <summary>
    /// The unit. The agent stops its daemons itself on SIGTERM (in reverse dependency order), so systemd must not kill the
    /// rest of the cgroup first (KillMode=mixed: SIGTERM to the agent, SIGKILL to stragglers only after TimeoutStopSec);
    /// mariadbd outlives an agent restart, which Restart=always does within seconds.
    /// https://www.freedesktop.org/software/systemd/man/latest/systemd.kill.html
    /// </summary>
    public static string Unit(string cluster)
    {
        var config = RemoteLayout.ForCluster(cluster).File("agent.json");
        return $"""
            # Rendered by Meridian for cluster {cluster}. `meridian down` removes it.
            [Unit]
            Description=Meridian agent for cluster {cluster}
            After=network-online.target
            Wants=network-online.target

            [Service]
            ExecStart={RemoteLayout.AgentBinary} --config {config}
            Restart=always
            RestartSec=2
            KillMode=mixed
            TimeoutStopSec=150

            [Install]
            WantedBy=multi-user.target

            """;
    }

    /// <summary>The marker that ends the rc.local line, so the line is found and removed by cluster name.</summary>
    public static string RcLocalMarker(string cluster) => $"# meridian-agent {cluster}";

    /// <summary>The rc.local line: the agent in the background, its output appended to its log directory.</summary>
    public static string RcLocalLine(string cluster)
    {
        var layout = RemoteLayout.ForCluster(cluster);
        return $"{RemoteLayout.AgentBinary} --config {layout.File("agent.json")} >>{layout.LogDir}/agent.stdout 2>&1 & {RcLocalMarker(cluster)}";
    }
}
