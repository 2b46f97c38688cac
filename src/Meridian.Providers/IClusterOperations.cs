using Meridian.Core.Chaos;
using Meridian.Core.Planning;
using Meridian.Runtime.Chaos;
using Meridian.Runtime.Coordination;
using Meridian.Runtime.Sql;

namespace Meridian.Providers;

/// <summary>
/// What the operator's commands (`credentials`, `check`, `recover`, `chaos`) need from a running cluster, whatever the
/// provider (docs/providers.md): the lab answers through its supervisor and namespaces (<see cref="Local.LabOperations"/>),
/// an ssh cluster through SSH sessions, forwards and its agents (<see cref="Ssh.SshOperations"/>). The decisions behind
/// them are the same pure functions for both. Failures are <see cref="ClusterOperationException"/>s: what and how to fix it.
/// </summary>
public interface IClusterOperations : IAsyncDisposable
{
    ClusterPlan Plan { get; }

    /// <summary>The application account with every region's endpoint on this machine's 127.0.0.1, ready for SQL clients.</summary>
    Task<SqlLogin> AppLoginAsync(CancellationToken cancellationToken);

    /// <summary>Until every Galera node is Synced; how long that took, or null after <paramref name="timeout"/>.</summary>
    Task<TimeSpan?> WaitForNodesSyncedAsync(TimeSpan timeout, CancellationToken cancellationToken);

    Task<RecoveryView> RecoveryViewAsync(CancellationToken cancellationToken);

    /// <summary>Stores a forced bootstrap as the next epoch, or throws (nothing stored) when it could lose acknowledged commits.</summary>
    Task<RecoveryRecord> ForceBootstrapAsync(string node, IReadOnlyList<string> acceptedLost, CancellationToken cancellationToken);

    /// <summary>One fault drill; timed faults are undone before it returns, also on cancellation.</summary>
    Task InjectFaultAsync(FaultKind kind, string target, TimeSpan duration, Action<FaultEvent> report, CancellationToken cancellationToken);
}
