namespace Meridian.Runtime.Coordination;

/// <summary>
/// The one recovery decision of an epoch, stored under /meridian/CLUSTER/recovery-epochs/EPOCH by a create-only
/// transaction (<see cref="IClusterCoordinator.ClaimRecoveryAsync"/>), so every agent acts on the same decision and at
/// most one node bootstraps per epoch. <see cref="Kind"/> is <see cref="BootstrapKind"/> or <see cref="StartAllKind"/>;
/// <see cref="Forced"/> marks an operator's <c>meridian recover --force-bootstrap</c>.
/// </summary>
public sealed record RecoveryRecord(
    string Cluster,
    long Epoch,
    string Kind,
    string Node,
    string GaleraUuid,
    long Seqno,
    bool Forced,
    string DecidedBy,
    string Reason,
    DateTimeOffset DecidedAt)
{
    public const string BootstrapKind = "bootstrap";
    public const string StartAllKind = "start-all";
}
