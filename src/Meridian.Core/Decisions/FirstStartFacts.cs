namespace Meridian.Core.Decisions;

/// <summary>
/// Everything <see cref="FirstStartDecision"/> looks at, gathered by the agent from the datadir, etcd and the other
/// agents' reports.
/// </summary>
/// <param name="Node">This node's name.</param>
/// <param name="DataDirInitialised">mariadb-install-db has completed in the datadir.</param>
/// <param name="EverStarted">mariadbd was ever started on this datadir (the "fresh" marker is gone).</param>
/// <param name="SeededJoinFailed">This node was pre-seeded for a first join and mariadbd exited before it was Synced.</param>
/// <param name="Bootstrap">The bootstrap record in etcd, or null if nobody claimed it yet.</param>
/// <param name="Primary">What the other nodes in a Primary component report, or null if none does.</param>
/// <param name="EarlierJoinerPending">Another fresh node that comes before this one (by name) has not joined yet.</param>
/// <param name="ClusterFormed">
/// etcd (or this node's own copy of it) records that the cluster once had every planned member Synced: from then on
/// clients may have written, so a new or wiped datadir is never pre-seeded, only filled by a full state transfer
/// (docs/agent.md, "First bootstrap").
/// </param>
/// <param name="FirstBootstrapDiedAlone">
/// This node started the brand-new cluster with --wsrep-new-cluster and that mariadbd exited before any other member
/// ever joined it: nothing but this node ever held the new history.
/// </param>
public sealed record FirstStartFacts(
    string Node,
    bool DataDirInitialised,
    bool EverStarted,
    bool SeededJoinFailed,
    BootstrapClaim? Bootstrap,
    PrimarySnapshot? Primary,
    bool EarlierJoinerPending,
    bool ClusterFormed = false,
    bool FirstBootstrapDiedAlone = false);

/// <summary>The bootstrap record's essentials: who won and the Galera UUID the new cluster uses.</summary>
public sealed record BootstrapClaim(string Node, string GaleraUuid);

/// <summary>
/// The Primary component as the other nodes report it.
/// </summary>
/// <param name="Quiescent">Every reporter is Synced and they all agree on <see cref="LastCommitted"/>: nothing is in flight.</param>
public sealed record PrimarySnapshot(string ClusterUuid, long LastCommitted, int Members, bool Quiescent);
