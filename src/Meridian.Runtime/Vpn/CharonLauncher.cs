using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using Meridian.Core.Planning;
using Meridian.Core.Rendering;
using Meridian.Runtime.HostFiles;
using Meridian.Runtime.Processes;
using Meridian.Runtime.Files;

namespace Meridian.Runtime.Vpn;

/// <summary>
/// Starts one router's charon as a child of the calling process, inside the router's network namespace and in a private
/// mount namespace whose <c>/run</c> is the router's own RunDir. charon has <c>/var/run/charon.pid</c> compiled in, so
/// several charons on one filesystem would otherwise refuse to start or overwrite each other's pid file
/// (docs/lab-notes.md#isolating-several-charons-on-one-filesystem).
/// The exec chain <c>ip netns exec → unshare → sh → env → charon</c> never forks the daemon, so the PID of the started
/// <see cref="Process"/> is charon's own and the caller reaps it (docs/lab-notes.md#namespaces).
/// </summary>
public sealed class CharonLauncher
{
    public const string StdoutFileName = "charon.stdout";
    public const string PidFileName = "charon.pid";

    /// <summary>
    /// Paths travel as positional parameters ($1…$4), never spliced into the script, so no path can break the quoting.
    /// <c>--propagation private</c> keeps the bind mount from leaking back into the root mount namespace; it disappears
    /// with charon's mount namespace when charon exits, so nothing is left to unmount. umask 027 makes charon's logs 0640.
    /// </summary>
    private const string LaunchScript =
        "umask 027; mount --bind \"$1\" /run && exec env STRONGSWAN_CONF=\"$2\" \"$3\" </dev/null >>\"$4\" 2>&1";

    private readonly CharonLauncherOptions _options;

    public CharonLauncher(CharonLauncherOptions? options = null)
    {
        _options = options ?? new CharonLauncherOptions();
    }

    public CharonLauncherOptions Options => _options;

    /// <summary>
    /// Starts charon for <paramref name="router"/> with the strongswan.conf the bundle wrote under <paramref name="layout"/>,
    /// and returns once its vici socket accepts connections. Throws when charon exits or stays silent, with the tail of
    /// its output in the message.
    /// </summary>
    public async Task<CharonProcess> StartAsync(HostPlan router, HostLayout layout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(router);
        ArgumentNullException.ThrowIfNull(layout);
        var strongswanConf = layout.File(HostFilePaths.StrongswanConfig);
        if (!File.Exists(strongswanConf))
        {
            throw new FileNotFoundException($"{strongswanConf} does not exist; write the bundle (BundleWriter.Write) before starting charon.", strongswanConf);
        }

        Directory.CreateDirectory(layout.RunDir);
        LogDirectory.Ensure(layout.LogDir);
        RemoveStaleRuntimeFiles(layout);
        var socketPath = StrongswanConfRenderer.ViciSocketPath(layout);
        var stdoutPath = Path.Combine(layout.LogDir, StdoutFileName);

        var startInfo = new ProcessStartInfo(NamespaceCommands.Ip) { UseShellExecute = false };
        foreach (var argument in (string[])
                 ["netns", "exec", router.Namespace, "unshare", "--mount", "--propagation", "private",
                  "sh", "-c", LaunchScript, "meridian-charon", layout.RunDir, strongswanConf, _options.CharonProgram, stdoutPath])
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
            throw new CommandFailedException($"Could not start charon for {router.Name}: {ex.Message}", ex);
        }

        // Read the identity at once: the start time in /proc is what makes a later kill by PID safe against PID reuse.
        var identity = ProcessIdentity.TryRead(process.Id);
        var charon = new CharonProcess(router, layout, process, identity ?? new ProcessIdentity(process.Id, -1), _options.StopGrace);
        try
        {
            await WaitForViciAsync(charon, socketPath, stdoutPath, cancellationToken).ConfigureAwait(false);
            return charon;
        }
        catch
        {
            await charon.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// After a kill -9, charon leaves its pid file and vici socket behind. A live charon that still owns them is an
    /// error (two daemons would fight over one socket); a dead one's leftovers are removed so the new one starts clean.
    /// </summary>
    private static void RemoveStaleRuntimeFiles(HostLayout layout)
    {
        var pidFile = Path.Combine(layout.RunDir, PidFileName);
        if (File.Exists(pidFile)
            && int.TryParse(File.ReadAllText(pidFile).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
            && IsCharon(pid))
        {
            throw new InvalidOperationException($"charon (PID {pid}) already runs with {layout.RunDir}; stop it first.");
        }

        File.Delete(pidFile);
        File.Delete(StrongswanConfRenderer.ViciSocketPath(layout));
    }

    private static bool IsCharon(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/comm").Trim() == "charon";
        }
        catch (IOException)
        {
            return false;
        }
    }

    private async Task WaitForViciAsync(CharonProcess charon, string socketPath, string stdoutPath, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (charon.HasExited)
            {
                throw new InvalidOperationException(
                    $"charon for {charon.Host} exited with {charon.ExitCode} before opening {socketPath}. Output:\n{Tail(stdoutPath)}{Tail(charon.LogFile)}");
            }

            if (File.Exists(socketPath) && await CanConnectAsync(socketPath, cancellationToken).ConfigureAwait(false))
            {
                return;
            }

            if (stopwatch.Elapsed > _options.ReadyTimeout)
            {
                throw new TimeoutException(
                    $"charon for {charon.Host} (PID {charon.Identity.Pid}) did not open {socketPath} within {_options.ReadyTimeout.TotalSeconds:0} s. Output:\n{Tail(stdoutPath)}{Tail(charon.LogFile)}");
            }

            await Task.Delay(20, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<bool> CanConnectAsync(string socketPath, CancellationToken cancellationToken)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (SocketException)
        {
            return false; // The file exists a moment before charon listens on it.
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
