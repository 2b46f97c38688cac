using Meridian.Core.Galera;

namespace Meridian.Core.Decisions;

/// <summary>
/// Everything <see cref="RecoveryDecision"/> looks at after the cluster lost its Primary component everywhere: what
/// each reachable node's agent published under /meridian/CLUSTER/recovery/NODE, plus the cluster-wide records.
/// </summary>
/// <param name="ClusterNodes">Every Galera data node the plan defines (agent.json `members`), whoever reports.</param>
/// <param name="Nodes">The facts of the nodes whose agents published them (a node that is absent is unaccounted for).</param>
/// <param name="RecordedClusterUuid">The Galera UUID of the bootstrap record, if any: the history Meridian created.</param>
/// <param name="ForcedNode">An operator's <c>meridian recover --force-bootstrap NODE</c> for this epoch, if any.</param>
/// <param name="PcRecoveryFailed">The previous epoch tried pc.recovery and no Primary formed: don't try it again.</param>
/// <param name="Arbitrators">The plan's arbitrators (garbd): members of a Primary that hold no data, so nothing waits for them.</param>
public sealed record RecoveryFacts(
    IReadOnlyList<string> ClusterNodes,
    IReadOnlyList<NodeRecoveryFacts> Nodes,
    Guid? RecordedClusterUuid,
    string? ForcedNode,
    bool PcRecoveryFailed,
    IReadOnlyList<string>? Arbitrators = null);

/// <summary>What one agent knows about its stopped node.</summary>
/// <param name="Node">The node's name.</param>
/// <param name="Reachable">The agent answers (it published these facts under its lease); false = the host is gone.</param>
/// <param name="Grastate">grastate.dat as it is on disk, or null if the file is missing.</param>
/// <param name="Recovered">The position <c>mariadbd --wsrep-recover</c> logged (InnoDB's own), or null if it logged none.</param>
/// <param name="HasGvwstate">gvwstate.dat exists: the node was in a Primary component when it died (pc.recovery can use it).</param>
/// <param name="SstInProgress">sst_in_progress exists: the datadir may be half-copied, so its position is not trusted.</param>
/// <param name="LastPrimaryMembers">The names of the nodes this node last saw in its Primary component (empty: unknown).</param>
public sealed record NodeRecoveryFacts(
    string Node,
    bool Reachable,
    Grastate? Grastate,
    GaleraPosition? Recovered,
    bool HasGvwstate,
    bool SstInProgress,
    IReadOnlyList<string> LastPrimaryMembers);
