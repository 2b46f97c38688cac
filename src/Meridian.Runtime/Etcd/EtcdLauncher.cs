using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Meridian.Core.Planning;
using Meridian.Core.Rendering;
using Meridian.Runtime.Fabric;
using Meridian.Runtime.HostFiles;
using Meridian.Runtime.Processes;
using Meridian.Runtime.Files;

namespace Meridian.Runtime.Etcd;

/// <summary>
/// Starts one etcd member as a child of the calling process inside the member host's network namespace, with the
/// config file the bundle rendered (hosts/HOST/etcd.conf.yml), as Debian's <c>etcd</c> user. The exec chain
/// <c>ip netns exec → sh → setpriv → etcd</c> never forks, so the started <see cref="Process"/>'s PID is etcd's own and
/// the caller reaps it (docs/lab-notes.md#namespaces). Starting a member again after a crash reuses its data-dir: etcd then
/// rejoins as the same member.
/// </summary>
public sealed class EtcdLauncher
{
    /// <summary>
    /// Paths travel as positional parameters, never spliced into the script, so no path can break the quoting. The shell
    /// (root) opens the log for appending, then setpriv (util-linux) drops to etcd's uid, gid and groups and execs etcd:
    /// etcd never needs root (its ports are 2379/2380), and it writes only its data-dir, so the log stays root's, in a
    /// log directory etcd cannot enter (Debian's etcd.service runs it as User=etcd the same way). umask 027 makes the log
    /// 0640 (docs/security.md, "Host privileges and secrets").
    /// </summary>
    private const string LaunchScript =
        "umask 027; exec setpriv --reuid=\"$4\" --regid=\"$5\" --init-groups -- \"$1\" --config-file \"$2\" </dev/null >>\"$3\" 2>&1";

    /// <summary>
    /// etcd 3.4 refuses a data-dir it can't own privately and warns about anything but 0700
    /// (https://etcd.io/docs/v3.4/op-guide/security/ ; fileutil.PrivateDirMode).
    /// </summary>
    private const UnixFileMode PrivateDirectoryMode = DaemonFiles.PrivateDirectoryMode;

    public EtcdLauncher(EtcdLauncherOptions? options = null)
    {
        Options = options ?? new EtcdLauncherOptions();
    }

    public EtcdLauncherOptions Options { get; }

    /// <summary>
    /// Starts etcd for <paramref name="member"/> and returns once it accepts TCP on its client URL. The member has no
    /// leader until a quorum runs, so callers that need one wait on the coordinator's health. Throws when etcd exits or
    /// stays silent, with the tail of its logs in the message.
    /// </summary>
    public async Task<EtcdMemberProcess> StartAsync(ClusterPlan plan, HostPlan member, HostLayout layout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(member);
        ArgumentNullException.ThrowIfNull(layout);
        if (!member.Is(HostRole.EtcdMember))
        {
            throw new ArgumentException($"{member.Name} is not an etcd member in the plan.", nameof(member));
        }

        var configFile = layout.File(EtcdConfigRenderer.ConfigFileName);
        if (!File.Exists(configFile))
        {
            throw new FileNotFoundException($"{configFile} does not exist; write the bundle (BundleWriter.Write) before starting etcd.", configFile);
        }

        // etcd reads its config and keys as root:etcd 0640 and owns its data-dir (0700); a data-dir from before etcd had
        // its own user is handed over here, so a re-run of `up` on an old state directory converges.
        var account = ServiceAccount.Lookup(Options.User);
        DaemonFiles.ApplyGroups(plan, member.Name, layout);
        var dataDirectory = EtcdConfigRenderer.DataDirectory(layout);
        var reusedDataDirectory = Directory.Exists(Path.Combine(dataDirectory, "member", "wal"));
        DaemonFiles.EnsureOwnedDirectory(dataDirectory, account, PrivateDirectoryMode);
        LogDirectory.Ensure(layout.LogDir);
        var logPath = EtcdConfigRenderer.LogFile(layout);

        var startInfo = new ProcessStartInfo(NamespaceCommands.Ip) { UseShellExecute = false };
        string[] arguments =
        [
            "netns", "exec", member.Namespace, "sh", "-c", LaunchScript, "meridian-etcd", Options.EtcdProgram, configFile, logPath,
            account.Uid.ToString(CultureInfo.InvariantCulture), account.Gid.ToString(CultureInfo.InvariantCulture),
        ];
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = startInfo };
        try
        {
            process.Start();
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            process.Dispose();
            throw new CommandFailedException($"Could not start etcd for {member.Name}: {ex.Message}", ex);
        }

        // Read the identity at once: the start time in /proc is what makes a later kill by PID safe against PID reuse.
        var identity = ProcessIdentity.TryRead(process.Id) ?? new ProcessIdentity(process.Id, -1);
        var etcd = new EtcdMemberProcess(member, layout, process, identity, Options.StopGrace, reusedDataDirectory);
        try
        {
            var clientEndPoint = new IPEndPoint(IPAddress.Parse(member.LanAddress), plan.Ports.EtcdClient);
            await WaitForListenerAsync(etcd, clientEndPoint, cancellationToken).ConfigureAwait(false);
            return etcd;
        }
        catch
        {
            await etcd.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task WaitForListenerAsync(EtcdMemberProcess etcd, IPEndPoint endPoint, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (etcd.HasExited)
            {
                throw new InvalidOperationException(
                    $"etcd for {etcd.Host} exited with {etcd.ExitCode} before listening on {endPoint}. Log:\n{Tail(etcd.LogFile)}");
            }

            if (await CanConnectAsync(etcd.Namespace, endPoint, cancellationToken).ConfigureAwait(false))
            {
                return;
            }

            if (stopwatch.Elapsed > Options.ReadyTimeout)
            {
                throw new TimeoutException(
                    $"etcd for {etcd.Host} (PID {etcd.Identity.Pid}) did not listen on {endPoint} within {Options.ReadyTimeout.TotalSeconds:0} s. Log:\n{Tail(etcd.LogFile)}");
            }

            await Task.Delay(20, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The socket is created inside the member's namespace (it keeps it after the thread leaves), then connected.</summary>
    private static async Task<bool> CanConnectAsync(string namespaceName, IPEndPoint endPoint, CancellationToken cancellationToken)
    {
        using var socket = await NetnsScope.RunAsync(namespaceName, () => new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp)).ConfigureAwait(false);
        try
        {
            await socket.ConnectAsync(endPoint, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    internal static string Tail(string path, int lines = 20)
    {
        if (!File.Exists(path))
        {
            return string.Empty;
        }

        var all = File.ReadAllLines(path);
        return string.Join('\n', all.Skip(Math.Max(0, all.Length - lines))) + "\n";
    }
}
