using System.Net.Sockets;
using System.Text;
using Meridian.Core.Planning;
using Renci.SshNet;
using Renci.SshNet.Common;

namespace Meridian.Providers.Ssh;

/// <summary>
/// One logged-in SSH connection to a planned host (SSH.NET), reached directly or through its region's router as jump
/// host (a local forward on the router's connection, like <c>ssh -J</c>). Every command runs as root: directly when the
/// login is root, else through <c>sudo -n</c>, so a missing sudo fails at once instead of waiting for a password.
/// Secrets travel on stdin only, never in a command line (docs/security.md, "Secrets").
/// https://github.com/sshnet/SSH.NET
/// </summary>
public sealed class SshHostSession : IAsyncDisposable
{
    /// <summary>A host that answers nothing within this is reported unreachable instead of hanging `up`.</summary>
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(15);

    private readonly SshClient client;
    private readonly ForwardedPortLocal? forward;

    private SshHostSession(string host, SshAccess access, SshClient client, ForwardedPortLocal? forward)
    {
        Host = host;
        Access = access;
        this.client = client;
        this.forward = forward;
    }

    /// <summary>The planned host name, e.g. us-east-1-db1.</summary>
    public string Host { get; }

    public SshAccess Access { get; }

    public bool IsRoot => Access.User == "root";

    /// <summary>
    /// Logs in to <paramref name="host"/>. With a jump session, the TCP connection is a forward through it to the host's
    /// address; the host key is still checked under the host's own address, as <c>ssh -J</c> does.
    /// </summary>
    public static async Task<SshHostSession> ConnectAsync(string host, SshAccess access, string keyPath, KnownHostsStore knownHosts, SshHostSession? jump, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(access);
        ArgumentNullException.ThrowIfNull(knownHosts);
        var key = LoadKey(host, access, keyPath);
        ForwardedPortLocal? forward = null;
        var (dialHost, dialPort) = (access.Address, access.Port);
        if (jump is not null)
        {
            forward = new ForwardedPortLocal("127.0.0.1", 0, access.Address, (uint)access.Port);
            jump.client.AddForwardedPort(forward);
            forward.Start();
            (dialHost, dialPort) = ("127.0.0.1", (int)forward.BoundPort);
        }

        var info = new ConnectionInfo(dialHost, dialPort, access.User, new PrivateKeyAuthenticationMethod(access.User, key)) { Timeout = ConnectTimeout };
        var client = new SshClient(info);
        HostKeyVerdict? verdict = null;
        (string Type, string Key)? offered = null;
        client.HostKeyReceived += (_, e) =>
        {
            offered = (e.HostKeyName, Convert.ToBase64String(e.HostKey));
            verdict = knownHosts.Check(access.Address, access.Port, e.HostKeyName, offered.Value.Key);
            e.CanTrust = verdict == HostKeyVerdict.Trusted || (verdict == HostKeyVerdict.Unknown && knownHosts.TrustNewHosts);
        };

        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(ConnectTimeout * 2);
            await client.ConnectAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            client.Dispose();
            forward?.Dispose();
            throw Explain(host, access, knownHosts, verdict, offered, jump, ex);
        }

        if (verdict == HostKeyVerdict.Unknown && offered is { } first)
        {
            knownHosts.Trust(access.Address, access.Port, first.Type, first.Key);
        }

        return new SshHostSession(host, access, client, forward);
    }

    /// <summary>Runs <paramref name="script"/> with sh as root; <paramref name="standardInput"/> is its stdin.</summary>
    /// <summary>Whether the host runs systemd, for the commands that need only that of <see cref="HostFacts"/>.</summary>
    public async Task<bool> HasSystemdAsync(CancellationToken cancellationToken) =>
        (await RunAsync(HostFacts.SystemdProbe, cancellationToken: cancellationToken).ConfigureAwait(false)).Succeeded;

    public async Task<RemoteResult> RunAsync(string script, string? standardInput = null, CancellationToken cancellationToken = default) =>
        await RunAsync(script, standardInput is null ? ReadOnlyMemory<byte>.Empty : Encoding.UTF8.GetBytes(standardInput), cancellationToken).ConfigureAwait(false);

    /// <summary>Runs <paramref name="script"/> with sh as root and <paramref name="standardInput"/> (possibly empty) as its stdin.</summary>
    public async Task<RemoteResult> RunAsync(string script, ReadOnlyMemory<byte> standardInput, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(script);
        var text = IsRoot ? $"sh -c {ShellQuote.Quote(script)}" : $"sudo -n -- sh -c {ShellQuote.Quote(script)}";
        try
        {
            using var command = client.CreateCommand(text);
            var execution = command.ExecuteAsync(cancellationToken);
            try
            {
                using var input = command.CreateInputStream();
                await input.WriteAsync(standardInput, cancellationToken).ConfigureAwait(false);
            }
            catch (InvalidOperationException)
            {
                // The command already ended without waiting for its stdin (a start that backgrounds and exits):
                // SSH.NET refuses an input stream after execution; its result below is what counts.
            }

            await execution.ConfigureAwait(false);
            return new RemoteResult(command.ExitStatus ?? 255, command.Result, command.Error);
        }
        catch (Exception ex) when (ex is SshConnectionException or SocketException or ObjectDisposedException or SshException)
        {
            throw new SshHostException(Host, Access.Address, SshFailure.Lost, $"the connection dropped: {ex.Message}", "check that the host is up and reachable, then run the same command again: every step converges", ex);
        }
    }

    /// <summary>Runs <paramref name="script"/> and throws a located error, with the tail of its stderr, unless it succeeds.</summary>
    public async Task<RemoteResult> RunCheckedAsync(string what, string script, string? standardInput = null, CancellationToken cancellationToken = default)
    {
        var result = await RunAsync(script, standardInput, cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            var tail = OutputTail.Of(result.StandardError + result.StandardOutput);
            throw new SshHostException(Host, Access.Address, SshFailure.CommandFailed, $"{what} failed (exit {result.ExitCode}): {tail}", "fix the cause on the host, then run the same command again");
        }

        return result;
    }

    /// <summary>
    /// Writes <paramref name="content"/> to <paramref name="path"/> atomically: a temporary file in the same directory,
    /// created with the final owner and mode before any byte is written, then renamed over the target.
    /// </summary>
    public async Task UploadAsync(string path, ReadOnlyMemory<byte> content, string mode, string owner, CancellationToken cancellationToken)
    {
        var directory = Path.GetDirectoryName(path) ?? "/";
        var script =
            // Directories 0755 like the lab's (a daemon's user must pass through tls/ to its root:GROUP 0640 key); the
            // temporary file is 0600 from mktemp until chown and chmod give it its final owner and mode.
            $"set -e; d={ShellQuote.Quote(directory)}; (umask 022; mkdir -p \"$d\"); umask 077; t=$(mktemp \"$d/.meridian.XXXXXX\"); " +
            $"trap 'rm -f \"$t\"' EXIT; chown {ShellQuote.Quote(owner)} \"$t\"; chmod {ShellQuote.Quote(mode)} \"$t\"; cat > \"$t\"; " +
            $"mv -f \"$t\" {ShellQuote.Quote(path)}; trap - EXIT";
        var result = await RunAsync(script, content, cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            throw new SshHostException(Host, Access.Address, SshFailure.CommandFailed, $"writing {path} failed: {result.StandardError.Trim()}", "check free space and that the path's directory is writable by root, then run the same command again");
        }
    }

    /// <summary>
    /// Listens on <paramref name="localAddress"/>:<paramref name="localPort"/> here and carries each connection through
    /// this session to <paramref name="remoteHost"/>:<paramref name="remotePort"/> as the host dials it (ssh -L).
    /// Port 0 picks a free port (<see cref="SshLocalForward.Port"/>). Disposing stops it.
    /// </summary>
    public SshLocalForward ForwardLocal(string localAddress, int localPort, string remoteHost, int remotePort)
    {
        var forwarded = new ForwardedPortLocal(localAddress, (uint)localPort, remoteHost, (uint)remotePort);
        client.AddForwardedPort(forwarded);
        try
        {
            forwarded.Start();
        }
        catch
        {
            client.RemoveForwardedPort(forwarded);
            forwarded.Dispose();
            throw;
        }

        return new SshLocalForward((int)forwarded.BoundPort, forwarded);
    }

    public ValueTask DisposeAsync()
    {
        client.Dispose();
        forward?.Dispose();
        return ValueTask.CompletedTask;
    }

    private static PrivateKeyFile LoadKey(string host, SshAccess access, string keyPath)
    {
        try
        {
            // A passphrase, if the key has one, comes from the environment, never from a command line.
            var passphrase = Environment.GetEnvironmentVariable("MERIDIAN_SSH_PASSPHRASE");
            return string.IsNullOrEmpty(passphrase) ? new PrivateKeyFile(keyPath) : new PrivateKeyFile(keyPath, passphrase);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or SshException or ArgumentException or InvalidOperationException)
        {
            throw new SshHostException(
                host,
                access.Address,
                SshFailure.KeyUnusable,
                $"the private key {keyPath} cannot be used: {ex.Message}",
                "point 'ssh.key' (or the host's 'key') at an OpenSSH or PEM private key readable by the user running meridian; an encrypted key needs MERIDIAN_SSH_PASSPHRASE",
                ex);
        }
    }

    private static SshHostException Explain(string host, SshAccess access, KnownHostsStore knownHosts, HostKeyVerdict? verdict, (string Type, string Key)? offered, SshHostSession? jump, Exception ex)
    {
        var via = jump is null ? string.Empty : $" through {jump.Host}";
        var where = KnownHosts.HostName(access.Address, access.Port);
        var fingerprint = offered is { } o ? $"{o.Type} SHA256:{Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(Convert.FromBase64String(o.Key))).TrimEnd('=')}" : "unknown";
        return verdict switch
        {
            HostKeyVerdict.Changed => new SshHostException(host, access.Address, SshFailure.HostKeyChanged,
                $"the host key changed: {knownHosts.Path} has another {offered?.Type} key for {where}; the host now offers {fingerprint}. This is a reinstalled host, or someone in the middle",
                $"if the host was reinstalled, check the new fingerprint on its console, remove the old entry (ssh-keygen -R '{where}' -f {knownHosts.Path}) and run again", ex),
            HostKeyVerdict.Revoked => new SshHostException(host, access.Address, SshFailure.HostKeyChanged,
                $"the host offers a key marked @revoked in {knownHosts.Path} ({fingerprint})", "give the host a new host key, or remove the @revoked line if it is wrong", ex),
            HostKeyVerdict.KnownWithOtherKeyType => new SshHostException(host, access.Address, SshFailure.HostKeyUnknown,
                $"{knownHosts.Path} knows {where} only by keys of other types; it offered {fingerprint}",
                $"add the host's {offered?.Type} key after checking it (ssh-keyscan -t {offered?.Type} ...), or run with --trust-new-hosts", ex),
            HostKeyVerdict.Unknown when !knownHosts.TrustNewHosts => new SshHostException(host, access.Address, SshFailure.HostKeyUnknown,
                $"{where} is not in {knownHosts.Path}; it offered {fingerprint}",
                "check the fingerprint on the host's console (ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub) and run again with --trust-new-hosts to record it, or add it to known_hosts yourself", ex),
            _ => ex switch
            {
                SshAuthenticationException => new SshHostException(host, access.Address, SshFailure.AuthenticationRefused,
                    $"the host refused the key for user '{access.User}'{via}",
                    $"add the public key to ~{access.User}/.ssh/authorized_keys on the host, or fix 'user'/'key' in the spec", ex),
                SocketException or SshOperationTimeoutException or SshConnectionException or OperationCanceledException => new SshHostException(host, access.Address, SshFailure.Unreachable,
                    $"no SSH connection to {where}{via}: {ex.Message}",
                    jump is null
                        ? "check the address and port in the spec, that the host is up, and that a firewall lets SSH in from here"
                        : $"check the host's LAN address in the spec and that {jump.Host} can reach it on port {access.Port}", ex),
                _ => new SshHostException(host, access.Address, SshFailure.Unreachable, $"SSH to {where}{via} failed: {ex.Message}", "check the host and run again", ex),
            },
        };
    }
}
