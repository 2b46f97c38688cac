namespace Meridian.Runtime.Coordination;

/// <summary>
/// The cluster's first formation: every planned member was Synced in one Primary component, so clients may write from
/// then on. Stored once under /meridian/CLUSTER/formed by a create-only transaction; after it, a new or wiped datadir
/// always joins by a full state transfer (docs/agent.md, "First bootstrap").
/// </summary>
public sealed record FormationRecord(string Cluster, string GaleraUuid, int ClusterSize, string RecordedBy, DateTimeOffset FormedAt);
