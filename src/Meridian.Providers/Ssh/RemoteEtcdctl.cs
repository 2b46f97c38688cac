using Meridian.Core.Planning;
using Meridian.Runtime.Etcd;
using Meridian.Runtime.Pki;
using Meridian.Runtime.Processes;

namespace Meridian.Providers.Ssh;

/// <summary>
/// etcdctl on an etcd member over SSH, as etcd's root user. Root's certificate and key never live on a host
/// (docs/security.md, "etcd users and roles"): they are copied into a 0700 directory under the cluster's tmp/ for the
/// duration of one <see cref="WithRootCertificateAsync"/> and removed afterwards, also when it fails.
/// </summary>
public sealed class RemoteEtcdctl(SshHostSession session, ClusterPlan plan, string localPkiDirectory, HostLayout remote)
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(15);

    public async Task WithRootCertificateAsync(Func<Func<IReadOnlyList<string>, bool, CancellationToken, Task<CommandResult>>, Task> action, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(action);
        var directory = Path.Combine(remote.TmpDir, "etcd-root");
        var quoted = ShellQuote.Quote(directory);
        await session.RunCheckedAsync("preparing etcdctl", $"rm -rf {quoted}; mkdir -p -m 700 {quoted}", cancellationToken: cancellationToken).ConfigureAwait(false);
        try
        {
            foreach (var (local, name) in Files())
            {
                await session.UploadAsync(Path.Combine(directory, name), await File.ReadAllBytesAsync(local, cancellationToken).ConfigureAwait(false), "600", "root:root", cancellationToken).ConfigureAwait(false);
            }

            var tls = EtcdAccessControl.EtcdctlTlsArguments(plan, directory, EtcdAccess.RootCertificateName);
            await action((arguments, allowFailure, ct) => RunAsync([.. tls, .. arguments], allowFailure, ct)).ConfigureAwait(false);
        }
        finally
        {
            await session.RunAsync($"rm -rf {quoted}", cancellationToken: CancellationToken.None).ConfigureAwait(false);
        }
    }

    private IEnumerable<(string Local, string Name)> Files()
    {
        var ca = Meridian.Core.Pki.PkiNames.CaName(TrustDomain.Etcd);
        yield return (PkiStore.CertificatePath(localPkiDirectory, ca), Path.GetFileName(PkiStore.CertificatePath(localPkiDirectory, ca)));
        yield return (PkiStore.CertificatePath(localPkiDirectory, EtcdAccess.RootCertificateName), Path.GetFileName(PkiStore.CertificatePath(localPkiDirectory, EtcdAccess.RootCertificateName)));
        yield return (PkiStore.PrivateKeyPath(localPkiDirectory, EtcdAccess.RootCertificateName), Path.GetFileName(PkiStore.PrivateKeyPath(localPkiDirectory, EtcdAccess.RootCertificateName)));
    }

    private Task<CommandResult> RunAsync(IReadOnlyList<string> arguments, bool allowFailure, CancellationToken cancellationToken)
    {
        var request = CommandRequest.Of("etcdctl", [.. arguments]).WithTimeout(CommandTimeout);
        request = request with { Environment = request.Environment.Add("ETCDCTL_API", "3"), ThrowOnFailure = !allowFailure };
        return new SshCommandRunner(session).RunAsync(request, cancellationToken);
    }
}
