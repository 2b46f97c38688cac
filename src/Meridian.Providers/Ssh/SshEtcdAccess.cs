using Meridian.Core.Pki;
using Meridian.Core.Planning;
using Meridian.Runtime.Coordination;
using Meridian.Runtime.Pki;

namespace Meridian.Providers.Ssh;

/// <summary>
/// The operator's etcd client for an ssh cluster: each member's client port forwarded to a free 127.0.0.1 port here
/// through that member's SSH session, and a coordinator over those ports with the operator's certificate (pki/cli),
/// whose etcd user may read everything and store a recovery epoch (docs/security.md, "etcd users and roles"). Every
/// etcd server certificate names 127.0.0.1, so TLS is verified as usual.
/// </summary>
public sealed class SshEtcdAccess : IAsyncDisposable
{
    private readonly List<SshLocalForward> forwards;

    private SshEtcdAccess(List<SshLocalForward> forwards, EtcdCoordinator coordinator)
    {
        this.forwards = forwards;
        Coordinator = coordinator;
    }

    public IClusterCoordinator Coordinator { get; }

    public static SshEtcdAccess Open(ClusterPlan plan, SshSessions sessions, DeploymentLayout state)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(sessions);
        ArgumentNullException.ThrowIfNull(state);
        var forwards = new List<SshLocalForward>();
        try
        {
            foreach (var member in plan.EtcdMembers)
            {
                forwards.Add(sessions.Sessions[member.Name].ForwardLocal(SshEndpointTunnels.Address, 0, member.LanAddress, plan.Ports.EtcdClient));
            }

            var coordinator = EtcdCoordinatorFactory.Create(
                forwards.Select(f => new Uri($"https://{SshEndpointTunnels.Address}:{f.Port}")),
                PkiStore.CertificatePath(state.PkiDirectory, "cli"),
                PkiStore.PrivateKeyPath(state.PkiDirectory, "cli"),
                PkiStore.CertificatePath(state.PkiDirectory, PkiNames.CaName(TrustDomain.Etcd)),
                plan.Cluster);
            return new SshEtcdAccess(forwards, coordinator);
        }
        catch
        {
            forwards.ForEach(f => f.Dispose());
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await ((EtcdCoordinator)Coordinator).DisposeAsync().ConfigureAwait(false);
        forwards.ForEach(f => f.Dispose());
    }
}
