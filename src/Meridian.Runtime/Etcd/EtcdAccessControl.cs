using System.Diagnostics;
using Meridian.Core.Pki;
using Meridian.Core.Planning;
using Meridian.Runtime.Processes;
using Meridian.Runtime.Pki;

namespace Meridian.Runtime.Etcd;

/// <summary>
/// Turns on etcd authentication with one user and role per <see cref="EtcdAccess.Users"/> entry, through etcdctl with
/// root's client certificate (pki/etcd-root.crt, never installed on a host). Users have no password
/// (<c>user add --no-password</c>): with client-cert-auth, etcd takes the user name from the client certificate's common
/// name (https://etcd.io/docs/v3.4/op-guide/authentication/, "Using TLS Common Name"), so no secret ever appears on a
/// command line. Idempotent: a re-run finds users and roles in place, re-grants the same permissions and leaves auth on.
/// Grants are only added: a permission dropped from <see cref="EtcdAccess"/> stays until the role is deleted by hand.
/// </summary>
public sealed class EtcdAccessControl
{
    private readonly ClusterPlan plan;
    private readonly Func<IReadOnlyList<string>, bool, CancellationToken, Task<CommandResult>> etcdctl;

    /// <summary>The lab's: etcdctl in the first member's namespace, with root's certificate from the state directory's pki/.</summary>
    public EtcdAccessControl(ClusterPlan plan, DeploymentLayout layout, ICommandRunner runner)
        : this(plan, (arguments, allowFailure, cancellationToken) => RunInNamespaceAsync(plan, layout, runner, arguments, allowFailure, cancellationToken))
    {
    }

    /// <summary>
    /// Any other place etcdctl runs (an ssh host): <paramref name="etcdctl"/> runs it with root's certificate and the
    /// given arguments, and returns its result (throwing on failure unless told to allow it).
    /// </summary>
    public EtcdAccessControl(ClusterPlan plan, Func<IReadOnlyList<string>, bool, CancellationToken, Task<CommandResult>> etcdctl)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(etcdctl);
        this.plan = plan;
        this.etcdctl = etcdctl;
    }

    /// <summary>Members that just started need a leader before they take a write: a few election timeouts at most.</summary>
    public static readonly TimeSpan QuorumTimeout = TimeSpan.FromSeconds(60);

    public async Task EnsureAsync(CancellationToken cancellationToken)
    {
        var users = await WaitForQuorumAsync(cancellationToken).ConfigureAwait(false);
        var roles = Lines((await EtcdctlAsync(["role", "list"], cancellationToken).ConfigureAwait(false)).StandardOutput);

        if (!users.Contains(EtcdAccess.RootUser))
        {
            await EtcdctlAsync(["user", "add", EtcdAccess.RootUser, "--no-password"], cancellationToken).ConfigureAwait(false);
        }

        if (!roles.Contains(EtcdAccess.RootUser))
        {
            await EtcdctlAsync(["role", "add", EtcdAccess.RootUser], cancellationToken).ConfigureAwait(false);
        }

        // Granting a role the user already has is a no-op in etcd (UserGrantRole ignores it).
        await EtcdctlAsync(["user", "grant-role", EtcdAccess.RootUser, EtcdAccess.RootUser], cancellationToken).ConfigureAwait(false);

        foreach (var user in EtcdAccess.Users(plan))
        {
            if (!users.Contains(user.User))
            {
                await EtcdctlAsync(["user", "add", user.User, "--no-password"], cancellationToken).ConfigureAwait(false);
            }

            if (!roles.Contains(user.User))
            {
                await EtcdctlAsync(["role", "add", user.User], cancellationToken).ConfigureAwait(false);
            }

            foreach (var permission in user.Permissions)
            {
                await EtcdctlAsync(
                    ["role", "grant-permission", $"--prefix={(permission.IsPrefix ? "true" : "false")}", user.User, PermissionText(permission.Type), permission.Key],
                    cancellationToken).ConfigureAwait(false);
            }

            await EtcdctlAsync(["user", "grant-role", user.User, user.User], cancellationToken).ConfigureAwait(false);
        }

        // Enabling twice is harmless: etcd answers success when auth is already on.
        await EtcdctlAsync(["auth", "enable"], cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The etcdctl argument vector (after <c>ip netns exec NS</c>) with root's certificate; tests reuse it.</summary>
    public static string[] EtcdctlTlsArguments(ClusterPlan plan, DeploymentLayout layout, string certificateName)
    {
        ArgumentNullException.ThrowIfNull(layout);
        return EtcdctlTlsArguments(plan, layout.PkiDirectory, certificateName);
    }

    /// <summary>The same, with the CA, certificate and key in <paramref name="pkiDirectory"/> (named as in pki/).</summary>
    public static string[] EtcdctlTlsArguments(ClusterPlan plan, string pkiDirectory, string certificateName)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var endpoints = string.Join(",", plan.EtcdMembers.Select(m => $"https://{m.LanAddress}:{plan.Ports.EtcdClient}"));
        return
        [
            $"--endpoints={endpoints}",
            $"--cacert={PkiStore.CertificatePath(pkiDirectory, PkiNames.CaName(TrustDomain.Etcd))}",
            $"--cert={PkiStore.CertificatePath(pkiDirectory, certificateName)}",
            $"--key={PkiStore.PrivateKeyPath(pkiDirectory, certificateName)}",
            "--dial-timeout=3s",
            "--command-timeout=5s",
        ];
    }

    private static string PermissionText(EtcdPermissionType type) => type switch
    {
        EtcdPermissionType.Read => "read",
        EtcdPermissionType.Write => "write",
        EtcdPermissionType.ReadWrite => "readwrite",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    /// <summary>Lists the users until the cluster answers (it has a leader); returns them.</summary>
    private async Task<HashSet<string>> WaitForQuorumAsync(CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        while (true)
        {
            string error;
            try
            {
                var result = await EtcdctlAsync(["user", "list"], cancellationToken, allowFailure: true).ConfigureAwait(false);
                if (result.Succeeded)
                {
                    return Lines(result.StandardOutput);
                }

                error = result.StandardError.Trim();
            }
            catch (CommandFailedException ex)
            {
                // etcdctl itself timed out: members that are still starting may hold a dial for a while.
                error = ex.Message;
            }

            if (stopwatch.Elapsed > QuorumTimeout)
            {
                throw new TimeoutException(
                    $"etcd did not answer `user list` within {QuorumTimeout.TotalSeconds:0} s, so its users could not be set up: {error}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken).ConfigureAwait(false);
        }
    }

    private Task<CommandResult> EtcdctlAsync(string[] arguments, CancellationToken cancellationToken, bool allowFailure = false) =>
        etcdctl(arguments, allowFailure, cancellationToken);

    private static Task<CommandResult> RunInNamespaceAsync(ClusterPlan plan, DeploymentLayout layout, ICommandRunner runner, IReadOnlyList<string> arguments, bool allowFailure, CancellationToken cancellationToken)
    {
        var request = CommandRequest.Of(
            NamespaceCommands.Ip,
            ["netns", "exec", plan.EtcdMembers.First().Namespace, "etcdctl", .. EtcdctlTlsArguments(plan, layout.PkiDirectory, EtcdAccess.RootCertificateName), .. arguments])
            .WithTimeout(TimeSpan.FromSeconds(15));
        request = request with { Environment = request.Environment.Add("ETCDCTL_API", "3") };
        return runner.RunAsync(allowFailure ? request.AllowingFailure() : request, cancellationToken);
    }

    private static HashSet<string> Lines(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
}
