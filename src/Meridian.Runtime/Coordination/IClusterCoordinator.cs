namespace Meridian.Runtime.Coordination;

/// <summary>
/// The narrow interface agents and the CLI use to coordinate through etcd. The implementation sits on dotnet-etcd;
/// keys live under /meridian/CLUSTER/.
/// </summary>
public interface IClusterCoordinator : IAsyncDisposable
{
    /// <summary>The bootstrap record, or null if no node has claimed the bootstrap yet.</summary>
    Task<BootstrapRecord?> GetBootstrapAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Atomically stores <paramref name="proposal"/> if no bootstrap record exists (a transaction comparing the key's
    /// create revision with 0), and returns the record that is stored afterwards: the proposal if this caller won,
    /// otherwise the winner's. Needs an etcd quorum, so a node cut off in a minority can never win.
    /// </summary>
    Task<BootstrapRecord> ClaimBootstrapAsync(BootstrapRecord proposal, CancellationToken cancellationToken);

    /// <summary>Publishes the node's report under a lease of <paramref name="ttl"/>; it vanishes if not refreshed.</summary>
    Task PublishAsync(NodeReport report, TimeSpan ttl, CancellationToken cancellationToken);

    Task<IReadOnlyList<NodeReport>> ListNodesAsync(CancellationToken cancellationToken);

    /// <summary>Publishes a stopped node's recovery facts under the node's report lease (so they vanish with a dead agent).</summary>
    Task PublishRecoveryFactsAsync(RecoveryReport report, TimeSpan ttl, CancellationToken cancellationToken);

    Task<IReadOnlyList<RecoveryReport>> ListRecoveryFactsAsync(CancellationToken cancellationToken);

    /// <summary>The recovery record with the highest epoch, or null if the cluster never needed one.</summary>
    Task<RecoveryRecord?> GetLatestRecoveryAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Stores <paramref name="proposal"/> as the decision of its epoch if that epoch has none yet (create revision 0,
    /// like <see cref="ClaimBootstrapAsync"/>) and returns the stored decision: the proposal or the earlier winner's.
    /// Needs an etcd quorum, so a minority can never decide a recovery.
    /// </summary>
    Task<RecoveryRecord> ClaimRecoveryAsync(RecoveryRecord proposal, CancellationToken cancellationToken);

    /// <summary>The first-formation record, or null while the cluster has never had every planned member Synced.</summary>
    Task<FormationRecord?> GetFormationAsync(CancellationToken cancellationToken);

    /// <summary>Stores <paramref name="proposal"/> if no formation is recorded yet (create-only) and returns the stored record.</summary>
    Task<FormationRecord> RecordFormationAsync(FormationRecord proposal, CancellationToken cancellationToken);

    /// <summary>The closure of recovery epoch <paramref name="epoch"/>, or null while no Primary was seen after it.</summary>
    Task<RecoveryClosure?> GetRecoveryClosureAsync(long epoch, CancellationToken cancellationToken);

    /// <summary>Marks an epoch as having produced a Primary (create-only; the first closer's record stays).</summary>
    Task<RecoveryClosure> CloseRecoveryAsync(RecoveryClosure closure, CancellationToken cancellationToken);

    /// <summary>Every member's health and which one leads (per-endpoint status calls).</summary>
    Task<IReadOnlyList<EtcdMemberHealth>> HealthAsync(CancellationToken cancellationToken);
}
