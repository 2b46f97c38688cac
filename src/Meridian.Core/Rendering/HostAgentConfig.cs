using System.Collections.Immutable;
using Meridian.Core.Hosts;
using Meridian.Core.Planning;

namespace Meridian.Core.Rendering;

/// <summary>
/// agent.json: what the host agent (meridian-agent, one per host) runs. Every host has one: the host's declared daemon
/// set (<see cref="HostDaemonPlanner"/>), which the agent runs with the one runner, and on a Galera node also the
/// node's mariadbd supervision (<see cref="Node"/>; docs/agent.md). Written by <see cref="AgentConfigRenderer"/>, read
/// with <see cref="AgentConfigJsonContext"/> (source-generated, so the Native AOT agent needs no reflection).
/// </summary>
/// <param name="Host">The host's name in the plan.</param>
/// <param name="AgentLog">The agent's own log.</param>
/// <param name="Http">Where the agent serves <c>GET /</c> (health), <c>GET /metrics</c> and <c>GET /daemons</c>.</param>
/// <param name="Etcd">The agent's etcd client identity (node and arbitrator hosts); null where the agent needs no etcd.</param>
/// <param name="Daemons">The host's daemons in start order, as the planner declared them.</param>
/// <param name="DataNodes">Every Galera data node of the plan: garbd's start condition counts their reports.</param>
/// <param name="Node">The Galera node's settings when the host is one; null on routers, arbitrators and etcd-only hosts.</param>
public sealed record HostAgentConfig(
    string Cluster,
    string Host,
    string Region,
    string AgentLog,
    AgentHttp Http,
    AgentEtcd? Etcd,
    ImmutableArray<DaemonDefinition> Daemons,
    ImmutableArray<string> DataNodes,
    AgentConfig? Node)
{
    /// <summary>The declared set, ordered and checked again (a cycle or unknown dependency in a hand-edited file fails here).</summary>
    public HostDaemonSet DaemonSet() => new(Host, Daemons);

    /// <summary>garbd's marker: written at its first start, after which any Primary lets it (re)start.</summary>
    public static string GarbdStartedMarker(HostLayout layout) => Path.Combine(layout.DataDir(DaemonNames.Garbd), "started");
}
