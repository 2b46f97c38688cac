using System.Collections.Immutable;
using System.Text.Json;
using Meridian.Core.Hosts;
using Meridian.Core.Planning;

namespace Meridian.Core.Rendering;

/// <summary>agent.json for one host (<see cref="HostAgentConfig"/>): its daemon set, and on a Galera node the node's settings.</summary>
public static class AgentConfigRenderer
{
    public const string MariadbdBinary = "mariadbd";
    public const string InstallDbBinary = "mariadb-install-db";
    public const string ClientBinary = "mariadb";

    public static AgentConfig Build(ClusterPlan plan, HostPlan node, HostLayout layout)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(layout);
        var region = plan.Region(node.Region);

        return new AgentConfig(
            plan.Cluster,
            node.Name,
            region.Name,
            region.Segment,
            plan.GaleraMembers,
            new AgentPaths(
                layout.File(HostFilePaths.MariadbConfig),
                MariadbConfigRenderer.DataDir(layout),
                MariadbConfigRenderer.SocketPath(layout),
                MariadbConfigRenderer.PidFile(layout),
                MariadbConfigRenderer.ErrorLog(layout),
                Path.Combine(layout.LogDir, "agent.log"),
                layout.RunDir,
                layout.File(HostFilePaths.NodeSecrets)),
            Etcd(plan, layout),
            new AgentHttp(node.LanAddress, plan.Ports.AgentHttp),
            new AgentBinaries(MariadbdBinary, InstallDbBinary, ClientBinary),
            new AgentDatabase(plan.Database.Name, plan.Database.User, plan.Database.RequireTls),
            [.. plan.Members],
            new AgentMonitoring(plan.Monitoring.CommitProbeInterval.TotalSeconds));
    }

    /// <summary>The host agent's whole config: every host has one (docs/agent.md).</summary>
    public static HostAgentConfig BuildHost(ClusterPlan plan, HostPlan host, HostLayout layout)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(layout);
        var node = host.Is(HostRole.GaleraNode) ? Build(plan, host, layout) : null;
        return new HostAgentConfig(
            plan.Cluster,
            host.Name,
            host.Region,
            Path.Combine(layout.LogDir, "agent.log"),
            new AgentHttp(host.LanAddress, plan.Ports.AgentHttp),
            HasEtcdIdentity(host) ? Etcd(plan, layout) : null,
            HostDaemonPlanner.Plan(plan, host, layout).Daemons,
            [.. plan.GaleraNodes.Select(n => n.Name)],
            node);
    }

    /// <summary>Node agents read and write their reports; the arbitrator's agent reads them to judge garbd's start.</summary>
    public static bool HasEtcdIdentity(HostPlan host)
    {
        ArgumentNullException.ThrowIfNull(host);
        return host.Is(HostRole.GaleraNode) || host.Is(HostRole.Arbitrator);
    }

    public static string Render(ClusterPlan plan, HostPlan host, HostLayout layout) =>
        JsonSerializer.Serialize(BuildHost(plan, host, layout), AgentConfigJsonContext.Default.HostAgentConfig).ReplaceLineEndings("\n") + "\n";

    private static AgentEtcd Etcd(ClusterPlan plan, HostLayout layout) => new(
        [.. plan.EtcdMembers.Select(m => EtcdConfigRenderer.ClientUrl(plan, m))],
        layout.File(HostFilePaths.AgentCertificate),
        layout.File(HostFilePaths.AgentKey),
        layout.File(HostFilePaths.EtcdCaCertificate));
}
