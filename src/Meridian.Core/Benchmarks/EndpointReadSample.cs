namespace Meridian.Core.Benchmarks;

/// <summary>
/// One table read through a region's SQL endpoint during a campaign, with the answering node's own wsrep state read in
/// the same statement. <see cref="ServedWhileBehind"/>: the read returned rows from a node that was not Synced in a
/// Primary component (a node that is not Primary refuses reads with error 1047; that is a refusal, not a stale read).
/// </summary>
/// <param name="Node">wsrep_node_name of the node that answered; null when the read failed.</param>
public sealed record EndpointReadSample(DateTimeOffset At, string Region, string? Node, string? State, string? ClusterStatus)
{
    public bool Answered => Node is not null;

    public bool ServedWhileBehind => Answered && !(State == "Synced" && ClusterStatus == "Primary");
}
