namespace Meridian.Runtime.Coordination;

/// <summary>
/// Who bootstrapped (or may bootstrap) the cluster, stored once under /meridian/CLUSTER/bootstrap by an etcd
/// transaction that succeeds only if the key does not exist yet. <see cref="GaleraUuid"/> is the cluster state UUID
/// every fresh node writes into its grastate.dat so that it joins by IST instead of SST.
/// </summary>
public sealed record BootstrapRecord(string Cluster, string Node, string GaleraUuid, long Epoch, DateTimeOffset ClaimedAt);
