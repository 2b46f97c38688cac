using System.Diagnostics;
using System.Globalization;
using System.Net;
using Meridian.Core.Planning;
using Meridian.Core.Rendering;
using Meridian.Runtime.HostFiles;
using Meridian.Runtime.Processes;
using Meridian.Runtime.Files;

namespace Meridian.Runtime.Endpoints;

/// <summary>
/// Starts one region's SQL endpoint, HAProxy, as a child of the calling process inside the router's network namespace.
/// <c>-W</c> is master-worker mode and <c>-db</c> keeps the master in the foreground
/// (https://docs.haproxy.org/2.6/management.html#3): the exec chain <c>ip netns exec → sh → haproxy</c> never forks, so
/// the started PID is the master's own, the caller reaps it, and SIGUSR2 to it reloads the config in place without a
/// new PID. The master forks one worker; workers exit when their master dies.
/// </summary>
public sealed class HaproxyLauncher
{
    public const string LogFileName = "haproxy.log";

    /// <summary>
    /// Paths travel as positional parameters ($0…$4), never spliced into the script. HAProxy's own log goes to stderr
    /// (the rendered <c>log stderr</c>), so the file collects both its notices and its traffic log; root's shell opens it,
    /// so it stays root's. umask 027 makes the log 0640 (docs/security.md, "Host privileges and secrets").
    /// <para>
    /// setpriv (util-linux) drops to the haproxy user before HAProxy starts, rather than HAProxy's own <c>user</c>/<c>group</c>:
    /// in master-worker mode HAProxy changes uid only in the workers, and the master stays root to re-read the config and
    /// re-exec on reload (https://docs.haproxy.org/2.6/management.html#13 on "start as root"; measured here: with
    /// <c>user haproxy</c> the master of <c>haproxy -W -db</c> runs as root, only its worker as haproxy). Nothing needs root: the
    /// frontend binds 3306 (<see cref="Core.Planning.PortPlan.Endpoint"/>, not below 1024), <c>maxconn 2000</c> needs about
    /// 4,000 descriptors, within the usual hard limit that a non-root process may raise its soft limit to, and there is
    /// no chroot, which only root could enter.
    /// </para>
    /// </summary>
    private const string LaunchScript =
        "umask 027; exec setpriv --reuid=\"$3\" --regid=\"$4\" --init-groups -- \"$0\" -W -db -f \"$1\" </dev/null >>\"$2\" 2>&1";

    /// <summary>HAProxy's run directory (pid file, stats socket) is its own and private.</summary>
    private const UnixFileMode RunDirectoryMode = DaemonFiles.PrivateDirectoryMode;

    private readonly ICommandRunner _runner;
    private readonly HaproxyLauncherOptions _options;

    public HaproxyLauncher(ICommandRunner runner, HaproxyLauncherOptions? options = null)
    {
        _runner = runner ?? throw new ArgumentNullException(nameof(runner));
        _options = options ?? new HaproxyLauncherOptions();
    }

    public HaproxyLauncherOptions Options => _options;

    /// <summary>
    /// <c>haproxy -c</c> on the rendered config, inside the router's namespace (where its bind address exists), as the
    /// haproxy user, so a config that user cannot read fails here. Throws <see cref="CommandFailedException"/> with
    /// HAProxy's complaint when the config is invalid.
    /// </summary>
    public async Task ValidateAsync(string routerNamespace, string configFile, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(configFile))
        {
            throw new FileNotFoundException($"{configFile} does not exist; write the bundle (BundleWriter.Write) before starting HAProxy.", configFile);
        }

        var account = ServiceAccount.Lookup(_options.User);
        var check = await _runner.RunAsync(
            NamespaceCommands.InNamespace(routerNamespace, "setpriv", [.. DropTo(account), "--", _options.HaproxyProgram, "-c", "-q", "-f", configFile]).AllowingFailure(),
            cancellationToken).ConfigureAwait(false);
        if (check.ExitCode != 0)
        {
            throw new CommandFailedException(
                $"HAProxy rejected {configFile} (haproxy -c exited with {check.ExitCode}):\n{check.StandardError}{check.StandardOutput}".TrimEnd());
        }
    }

    /// <summary>
    /// Validates and starts HAProxy for <paramref name="region"/> with the haproxy.cfg under <paramref name="layout"/>
    /// (the router host's layout), and returns once its frontend listens on the router's LAN address. Throws when
    /// HAProxy exits or does not listen in time, with the tail of its log in the message.
    /// </summary>
    public async Task<HaproxyProcess> StartAsync(ClusterPlan plan, RegionPlan region, HostLayout layout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(region);
        ArgumentNullException.ThrowIfNull(layout);
        var router = plan.Host(region.RouterHost);
        var configFile = layout.File(HaproxyConfigRenderer.ConfigFileName);
        var frontend = new IPEndPoint(IPAddress.Parse(region.RouterLanAddress), plan.Ports.Endpoint);
        // haproxy.cfg is root:haproxy 0640; the pid file and stats socket go to HAProxy's own run/haproxy/, because the
        // router's run/ is charon's /run and stays root's.
        var account = ServiceAccount.Lookup(_options.User);
        DaemonFiles.ApplyGroups(plan, router.Name, layout);
        Directory.CreateDirectory(layout.RunDir);
        DaemonFiles.EnsureOwnedDirectory(HaproxyConfigRenderer.RunDirectory(layout), account, RunDirectoryMode);
        LogDirectory.Ensure(layout.LogDir);
        RefuseIfAlreadyRunning(HaproxyConfigRenderer.PidFile(layout), configFile);
        await ValidateAsync(router.Namespace, configFile, cancellationToken).ConfigureAwait(false);

        var logFile = Path.Combine(layout.LogDir, LogFileName);
        var startInfo = new ProcessStartInfo(NamespaceCommands.Ip) { UseShellExecute = false };
        string[] arguments =
        [
            "netns", "exec", router.Namespace, "sh", "-c", LaunchScript, _options.HaproxyProgram, configFile, logFile,
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
            throw new CommandFailedException($"Could not start HAProxy for {region.Name}: {ex.Message}", ex);
        }

        // Read the identity at once: the start time in /proc makes a later kill by PID safe against PID reuse.
        var identity = ProcessIdentity.TryRead(process.Id) ?? new ProcessIdentity(process.Id, -1);
        var haproxy = new HaproxyProcess(region.Name, router, frontend, configFile, logFile, process, identity, _options.StopGrace);
        try
        {
            await WaitUntilListeningAsync(haproxy, cancellationToken).ConfigureAwait(false);
            return haproxy;
        }
        catch
        {
            await haproxy.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>setpriv's options for running as <paramref name="account"/>: its uid, gid and only its groups.</summary>
    private static string[] DropTo(ServiceAccount account) =>
        [$"--reuid={account.Uid.ToString(CultureInfo.InvariantCulture)}", $"--regid={account.Gid.ToString(CultureInfo.InvariantCulture)}", "--init-groups"];

    /// <summary>
    /// A live HAProxy that still runs from this config would hold the frontend port, and the new one would fail on
    /// bind; say which PID it is instead. A dead one's pid file is simply overwritten. The pid file lies in haproxy's
    /// directory, so root reads it without following a link or blocking on a FIFO (<see cref="NoFollowFiles"/>).
    /// </summary>
    private static void RefuseIfAlreadyRunning(string pidFile, string configFile)
    {
        if (NoFollowFiles.ReadAllTextOrNull(pidFile) is { } text
            && int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
            && HaproxyProcess.IsHaproxyFor(pid, configFile))
        {
            throw new InvalidOperationException(
                $"HAProxy (PID {pid}) already runs with {configFile}; stop it first (`meridian down`, or kill {pid}).");
        }
    }

    private async Task WaitUntilListeningAsync(HaproxyProcess haproxy, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (haproxy.HasExited)
            {
                throw new InvalidOperationException(
                    $"HAProxy for {haproxy.Region} exited with {haproxy.ExitCode} before listening on {haproxy.Frontend}. Log:\n{Tail(haproxy.LogFile)}");
            }

            // The master binds before it forks; a worker must exist too, or nobody would accept.
            if (haproxy.WorkerPids().Count > 0
                && await ListeningSockets.IsListeningAsync(haproxy.Namespace, haproxy.Frontend, cancellationToken).ConfigureAwait(false))
            {
                return;
            }

            if (stopwatch.Elapsed > _options.ReadyTimeout)
            {
                throw new TimeoutException(
                    $"HAProxy for {haproxy.Region} (PID {haproxy.Identity.Pid}) did not listen on {haproxy.Frontend} in {haproxy.Namespace} within {_options.ReadyTimeout.TotalSeconds:0} s. Log:\n{Tail(haproxy.LogFile)}");
            }

            await Task.Delay(20, cancellationToken).ConfigureAwait(false);
        }
    }

    internal static string Tail(string path, int lines = 20) =>
        File.Exists(path) ? string.Join('\n', File.ReadLines(path).TakeLast(lines)) + "\n" : "(no log)\n";
}
