using Meridian.Core.Chaos;
using Meridian.Core.Planning;
using Meridian.Runtime.Chaos;
using Meridian.Runtime.Coordination;
using Meridian.Runtime.Lab;
using Meridian.Runtime.Sql;

namespace Meridian.Providers.Ssh;

/// <summary>
/// <see cref="IClusterOperations"/> of an ssh cluster (docs/providers.md): one SSH session per host, opened once; the
/// endpoints' and etcd's forwards opened when first needed and closed with this object; health from the agents; faults
/// by <see cref="SshFaultInjector"/>; recovery by the same <see cref="ClusterRecovery"/> the lab's supervisor runs.
/// </summary>
public sealed class SshOperations : IClusterOperations
{
    private readonly SshDeployment deployment;
    private readonly SshSessions sessions;
    private readonly DeploymentLayout state;
    private SshEndpointTunnels? tunnels;
    private SshEtcdAccess? etcd;

    private SshOperations(ClusterPlan plan, DeploymentLayout state, SshDeployment deployment, SshSessions sessions)
    {
        Plan = plan;
        this.state = state;
        this.deployment = deployment;
        this.sessions = sessions;
    }

    public ClusterPlan Plan { get; }

    public static async Task<SshOperations> OpenAsync(ClusterPlan plan, DeploymentLayout state, SshDeploymentOptions options, CancellationToken cancellationToken)
    {
        var deployment = new SshDeployment(plan, state, options, SilentDeploymentProgress.Instance);
        var sessions = await Guard(() => deployment.OpenCheckedAsync(cancellationToken)).ConfigureAwait(false);
        return new SshOperations(plan, state, deployment, sessions);
    }

    public Task<SqlLogin> AppLoginAsync(CancellationToken cancellationToken) => Guard(() =>
    {
        tunnels ??= SshEndpointTunnels.Open(Plan, sessions);
        // The local state directory has a lab's shape (secrets.env, pki/), and the forwards use the lab's ports.
        return Task.FromResult(Local.LocalState.AppLogin(new LabContext(Plan, state, Runtime.Processes.ProcessCommandRunner.Instance, string.Empty)));
    });

    public Task<TimeSpan?> WaitForNodesSyncedAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
        Guard(() => deployment.WaitForNodesSyncedAsync(sessions, timeout, cancellationToken));

    public Task<RecoveryView> RecoveryViewAsync(CancellationToken cancellationToken) =>
        Guard(() => ClusterRecovery.ViewAsync(Etcd.Coordinator, cancellationToken));

    public Task<RecoveryRecord> ForceBootstrapAsync(string node, IReadOnlyList<string> acceptedLost, CancellationToken cancellationToken) =>
        Guard(() => ClusterRecovery.ForceBootstrapAsync(Plan, Etcd.Coordinator, node, acceptedLost, cancellationToken));

    public Task InjectFaultAsync(FaultKind kind, string target, TimeSpan duration, Action<FaultEvent> report, CancellationToken cancellationToken) =>
        Guard(async () =>
        {
            await new SshFaultInjector(Plan, sessions, report).InjectAsync(kind, target, duration, cancellationToken).ConfigureAwait(false);
            return true;
        });

    public async ValueTask DisposeAsync()
    {
        tunnels?.Dispose();
        if (etcd is not null)
        {
            await etcd.DisposeAsync().ConfigureAwait(false);
        }

        await sessions.DisposeAsync().ConfigureAwait(false);
    }

    private SshEtcdAccess Etcd => etcd ??= SshEtcdAccess.Open(Plan, sessions, state);

    private static async Task<T> Guard<T>(Func<Task<T>> action)
    {
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (SshHostException ex)
        {
            throw new ClusterOperationException(ex.Message, ex.Fix, ex);
        }
        catch (SshDeploymentException ex)
        {
            throw new ClusterOperationException(ex.Message, ex.Fix, ex);
        }
        catch (ForceBootstrapRefusedException ex)
        {
            throw new ClusterOperationException(ex.Message, ex.Fix, ex);
        }
        catch (CoordinationException ex)
        {
            throw new ClusterOperationException($"etcd did not answer: {ex.Message}", "`meridian status` shows each host's agent and etcd; a quorum of etcd members must run", ex);
        }
    }
}
