using Meridian.Core.Galera;

namespace Meridian.Core.Benchmarks;

/// <summary>
/// One look at every Galera node's own wsrep status, taken between <see cref="StartedAt"/> and <see cref="FinishedAt"/>:
/// how many nodes answered as Synced members of one Primary component of the full size.
/// </summary>
public sealed record ClusterHealthSample(DateTimeOffset StartedAt, DateTimeOffset FinishedAt, int SyncedInPrimary, int Expected)
{
    public bool FullySynced => Expected > 0 && SyncedInPrimary == Expected;

    /// <summary>
    /// A node counts when it answered, is Primary, Synced and ready, sees <paramref name="expected"/> members, and shares
    /// the cluster state UUID of the others that count (two Primary components of a split cluster never add up).
    /// A null status is a node that did not answer (dead, paused, starting, or in SST).
    /// </summary>
    public static ClusterHealthSample Of(DateTimeOffset startedAt, DateTimeOffset finishedAt, IReadOnlyList<WsrepStatus?> nodes, int expected)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        var synced = nodes.OfType<WsrepStatus>().Where(s => s.IsPrimary && s.IsSynced && s.Ready && s.ClusterSize == expected).ToList();
        var largestSameCluster = synced.Count == 0 ? 0 : synced.GroupBy(s => s.ClusterStateUuid, StringComparer.Ordinal).Max(g => g.Count());
        return new ClusterHealthSample(startedAt, finishedAt, largestSameCluster, expected);
    }
}
