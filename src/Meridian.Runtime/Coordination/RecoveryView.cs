namespace Meridian.Runtime.Coordination;

/// <summary>What `meridian recover` shows: the published facts, the latest epoch, the node reports and the bootstrap record.</summary>
public sealed record RecoveryView(
    IReadOnlyList<RecoveryReport> Facts,
    RecoveryRecord? Latest,
    IReadOnlyList<NodeReport> Nodes,
    BootstrapRecord? Bootstrap,
    RecoveryClosure? LatestClosure = null);
