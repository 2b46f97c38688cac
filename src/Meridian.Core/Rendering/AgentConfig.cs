using System.Collections.Immutable;
using System.Text.Json.Serialization;
using Meridian.Core.Planning;

namespace Meridian.Core.Rendering;

/// <summary>
/// agent.json: everything the Meridian agent needs to supervise one mariadbd. Written by <see cref="AgentConfigRenderer"/>,
/// read by Meridian.Agent with <see cref="AgentConfigJsonContext"/>.
/// </summary>
/// <param name="ExpectedClusterSize">Galera members including arbitrators; readiness requires wsrep_cluster_size to equal it.</param>
/// <param name="Members">
/// Every Galera member the plan defines, data nodes and arbitrators, with its LAN address and quorum weight: the
/// recovery decision accounts for the plan's nodes, not for whoever happens to report (docs/recovery.md).
/// </param>
public sealed record AgentConfig(
    string Cluster,
    string Node,
    string Region,
    int Segment,
    int ExpectedClusterSize,
    AgentPaths Paths,
    AgentEtcd Etcd,
    AgentHttp Http,
    AgentBinaries Binaries,
    AgentDatabase Database,
    ImmutableArray<GaleraMember> Members,
    AgentMonitoring? Monitoring = null)
{
    /// <summary>An agent.json written before the <c>monitoring</c> setting existed probes at the default pace.</summary>
    [JsonIgnore]
    public AgentMonitoring EffectiveMonitoring => Monitoring ?? AgentMonitoring.Default;
}

/// <summary>
/// The node's commit probe (docs/metrics.md, "Commit probe"): one replicated write every
/// <paramref name="CommitProbeIntervalSeconds"/> while the node is Synced in a Primary component; 0 turns it off.
/// </summary>
public sealed record AgentMonitoring(double CommitProbeIntervalSeconds)
{
    public static readonly AgentMonitoring Default = new(Spec.MonitoringSpec.DefaultCommitProbeInterval.TotalSeconds);

    [JsonIgnore]
    public TimeSpan CommitProbeInterval => TimeSpan.FromSeconds(Math.Max(0, CommitProbeIntervalSeconds));
}

/// <summary>Absolute paths on the node's host.</summary>
public sealed record AgentPaths(string MyCnf, string DataDir, string Socket, string PidFile, string ErrorLog, string AgentLog, string RunDir, string Secrets);

/// <summary>etcd endpoints of every member, and the agent's client certificate (etcd requires one).</summary>
public sealed record AgentEtcd(ImmutableArray<string> Endpoints, string CertFile, string KeyFile, string CaFile);

/// <summary>The health endpoint HAProxy checks (GET / → 200 when ready).</summary>
public sealed record AgentHttp(string Address, int Port);

/// <summary>Binary names, resolved on PATH. <paramref name="Client"/> runs status queries and account setup over the unix socket.</summary>
public sealed record AgentBinaries(string Mariadbd, string InstallDb, string Client);

/// <summary>
/// The application database and its user (the plan's <see cref="DatabasePlan"/>), created once on every fresh node, with
/// <c>REQUIRE SSL</c> when <paramref name="RequireTls"/> (<see cref="AccountSql"/>).
/// </summary>
public sealed record AgentDatabase(string Name, string User, bool RequireTls);
