namespace Meridian.Runtime.Coordination;

/// <summary>
/// What an agent whose mariadbd is down and cannot rejoin publishes under /meridian/CLUSTER/recovery/NODE, under the
/// same lease as its <see cref="NodeReport"/> (a dead agent's facts vanish with it). Positions are "UUID:SEQNO" text.
/// </summary>
public sealed record RecoveryReport(
    string Node,
    string GrastateUuid,
    long GrastateSeqno,
    bool SafeToBootstrap,
    string? RecoveredPosition,
    bool HasGvwstate,
    bool SstInProgress,
    IReadOnlyList<string> LastPrimaryMembers,
    DateTimeOffset PublishedAt);
