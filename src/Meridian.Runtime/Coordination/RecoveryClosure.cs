namespace Meridian.Runtime.Coordination;

/// <summary>
/// A recovery epoch that produced a Primary component, stored once under /meridian/CLUSTER/recovery-closed/EPOCH by the
/// first agent that sees the Primary after the epoch was decided. A closed epoch is never judged "failed" later: a node
/// that was down while it succeeded must not take its own missed Primary for a failed pc.recovery (docs/recovery.md).
/// </summary>
public sealed record RecoveryClosure(string Cluster, long Epoch, string ClosedBy, DateTimeOffset ClosedAt);
