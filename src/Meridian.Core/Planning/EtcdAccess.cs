using System.Collections.Immutable;

namespace Meridian.Core.Planning;

/// <summary>
/// Who may do what in etcd (docs/security.md, "etcd users and roles"). Keys follow the coordinator's layout under
/// /meridian/CLUSTER/ (Meridian.Runtime's EtcdKeys; a test checks both agree). etcd RBAC grants by key or key prefix
/// only, not by operation, so a create-only claim key (bootstrap, formed, recovery-epochs/, recovery-closed/) needs
/// readwrite: an agent could overwrite a claim with a plain put. The create-only transactions keep honest agents from
/// doing so; RBAC keeps routers, Galera keys and foreign certificates out entirely, and keeps each agent's reports its own.
/// </summary>
public static class EtcdAccess
{
    /// <summary>etcd's superuser; `auth enable` requires it to exist with the root role.</summary>
    public const string RootUser = "root";

    /// <summary>The file stem of root's client certificate in the PKI directory; never installed on a host.</summary>
    public const string RootCertificateName = "etcd-root";

    public static string AgentUser(string node) => $"agent.{node}";

    public static string OperatorUser(string cluster) => $"meridian-cli.{cluster}";

    public static string Root(string cluster) => $"/meridian/{cluster}/";

    /// <summary>Every non-root user of the cluster, in plan order: one per Galera node's agent, one per arbitrator host's agent (read only), then the operator.</summary>
    public static ImmutableArray<EtcdUserPlan> Users(ClusterPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return [.. plan.GaleraNodes.Select(n => Agent(plan.Cluster, n.Name)), .. plan.Arbitrators.Select(a => ArbitratorAgent(plan.Cluster, a.Name)), Operator(plan.Cluster)];
    }

    /// <summary>
    /// Reads the whole cluster prefix (reports, claims, formation), writes its own report and recovery facts (exact keys,
    /// so agent.db1 cannot touch nodes/db10), and makes the claims every agent races for.
    /// </summary>
    public static EtcdUserPlan Agent(string cluster, string node)
    {
        var root = Root(cluster);
        return new EtcdUserPlan(AgentUser(node),
        [
            new(root, IsPrefix: true, EtcdPermissionType.Read),
            new(root + "nodes/" + node, IsPrefix: false, EtcdPermissionType.ReadWrite),
            new(root + "recovery/" + node, IsPrefix: false, EtcdPermissionType.ReadWrite),
            new(root + "bootstrap", IsPrefix: false, EtcdPermissionType.ReadWrite),
            new(root + "formed", IsPrefix: false, EtcdPermissionType.ReadWrite),
            new(root + "recovery-epochs/", IsPrefix: true, EtcdPermissionType.ReadWrite),
            new(root + "recovery-closed/", IsPrefix: true, EtcdPermissionType.ReadWrite),
        ]);
    }

    /// <summary>
    /// The arbitrator host's agent: reads the cluster prefix (the nodes' reports decide when garbd may join,
    /// ArbitratorStartDecision) and writes nothing.
    /// </summary>
    public static EtcdUserPlan ArbitratorAgent(string cluster, string host) =>
        new(AgentUser(host), [new(Root(cluster), IsPrefix: true, EtcdPermissionType.Read)]);

    /// <summary>The operator (CLI and lab supervisor): reads everything and may force a bootstrap (a recovery epoch).</summary>
    public static EtcdUserPlan Operator(string cluster)
    {
        var root = Root(cluster);
        return new EtcdUserPlan(OperatorUser(cluster),
        [
            new(root, IsPrefix: true, EtcdPermissionType.Read),
            new(root + "recovery-epochs/", IsPrefix: true, EtcdPermissionType.ReadWrite),
        ]);
    }
}
