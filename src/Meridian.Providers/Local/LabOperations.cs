using Meridian.Core.Chaos;
using Meridian.Core.Planning;
using Meridian.Runtime.Chaos;
using Meridian.Runtime.Coordination;
using Meridian.Runtime.Lab;
using Meridian.Runtime.Lab.Control;
using Meridian.Runtime.Sql;

namespace Meridian.Providers.Local;

/// <summary>
/// <see cref="IClusterOperations"/> of the local lab: its supervisor (recovery, through its etcd coordinator), its
/// state file and namespaces (faults, health) and its 127.0.0.1 forwarders (SQL). Lab failures keep their own message
/// and fix.
/// </summary>
public sealed class LabOperations(LabContext lab) : IClusterOperations
{
    private readonly LabSupervisorClient supervisor = new(lab);

    public ClusterPlan Plan => lab.Plan;

    public LabContext Lab => lab;

    public Task<SqlLogin> AppLoginAsync(CancellationToken cancellationToken) => Guard(() => Task.FromResult(LocalState.AppLogin(lab)));

    public Task<TimeSpan?> WaitForNodesSyncedAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
        Guard(() => ClusterHealth.WaitForFullySyncedAsync(lab, timeout, cancellationToken));

    public Task<RecoveryView> RecoveryViewAsync(CancellationToken cancellationToken) =>
        Guard(() => supervisor.SendAsync(new RecoveryViewRequest(), cancellationToken));

    public Task<RecoveryRecord> ForceBootstrapAsync(string node, IReadOnlyList<string> acceptedLost, CancellationToken cancellationToken) =>
        Guard(() => supervisor.SendAsync(new ForceBootstrapRequest(node, acceptedLost), cancellationToken));

    public Task InjectFaultAsync(FaultKind kind, string target, TimeSpan duration, Action<FaultEvent> report, CancellationToken cancellationToken) =>
        Guard(async () =>
        {
            await new FaultInjector(lab, report).InjectAsync(kind, target, duration, cancellationToken).ConfigureAwait(false);
            return true;
        });

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static async Task<T> Guard<T>(Func<Task<T>> action)
    {
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (LabException ex)
        {
            throw new ClusterOperationException(ex.Message, ex.Hint, ex);
        }
    }
}
