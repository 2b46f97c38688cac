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
        var config = RemoteLayout.ForCluster(cluster).File(HostFilePaths.AgentConfig);
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

    /// <summary>
    /// Starts the agent where no systemd runs: in a session of its own (setsid, so the SSH session or rc.local ending
    /// does not take it along), its output appended to its log directory, its PID in <see cref="RemoteLayout.AgentPidFile"/>
    /// so that `up` and `down` find it by PID. setsid in a non-interactive shell's background job is not a process group
    /// leader, so it calls setsid(2) and execs without forking: <c>$!</c> is the agent's PID.
    /// </summary>
    public static string StartCommand(string cluster)
    {
        var layout = RemoteLayout.ForCluster(cluster);
        return $"setsid {RemoteLayout.AgentBinary} --config {layout.File(HostFilePaths.AgentConfig)} >>{layout.LogDir}/agent.stdout 2>&1 </dev/null & echo $! >{RemoteLayout.AgentPidFile(cluster)}";
    }

    /// <summary>The rc.local line: <see cref="StartCommand"/>, ended by the cluster's marker.</summary>
    public static string RcLocalLine(string cluster) => $"{StartCommand(cluster)} {RcLocalMarker(cluster)}";
}
