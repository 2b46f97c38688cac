using System.Collections.Immutable;
using System.Text.Json;
using Meridian.Core.Planning;

namespace Meridian.Core.Rendering;

/// <summary>agent.json for one Galera node.</summary>
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
                layout.File("secrets.env")),
            new AgentEtcd(
                [.. plan.EtcdMembers.Select(m => EtcdConfigRenderer.ClientUrl(plan, m))],
                layout.File(HostFilePaths.AgentCertificate),
                layout.File(HostFilePaths.AgentKey),
                layout.File(HostFilePaths.EtcdCaCertificate)),
            new AgentHttp(node.LanAddress, plan.Ports.AgentHttp),
            new AgentBinaries(MariadbdBinary, InstallDbBinary, ClientBinary),
            new AgentDatabase(plan.Database.Name, plan.Database.User, plan.Database.RequireTls),
            [.. plan.Members]);
    }

    public static string Render(ClusterPlan plan, HostPlan node, HostLayout layout) =>
        JsonSerializer.Serialize(Build(plan, node, layout), AgentConfigJsonContext.Default.AgentConfig).ReplaceLineEndings("\n") + "\n";
}
