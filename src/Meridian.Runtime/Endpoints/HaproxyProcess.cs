using System.Diagnostics;
using System.Globalization;
using System.Net;
using Meridian.Core.Planning;
using Meridian.Runtime.Processes;

namespace Meridian.Runtime.Endpoints;

/// <summary>
/// A running HAProxy master that this process started (see <see cref="HaproxyLauncher"/>). <see cref="Identity"/> is
/// what the state file records; stopping goes by that identity only, never by name. Disposing stops it and reaps it.
/// </summary>
public sealed class HaproxyProcess : IAsyncDisposable
{
    /// <summary>SIGUSR2 makes a master-worker master re-read its config and replace its workers (management.html#4).</summary>
    private const int SigUsr2 = 12;

    private readonly Process _process;
    private readonly TimeSpan _stopGrace;

    internal HaproxyProcess(string region, HostPlan router, IPEndPoint frontend, string configFile, string logFile, Process process, ProcessIdentity identity, TimeSpan stopGrace)
    {
        Region = region;
        Host = router.Name;
        Namespace = router.Namespace;
        Frontend = frontend;
        ConfigFile = configFile;
        LogFile = logFile;
        _process = process;
        Identity = identity;
        _stopGrace = stopGrace;
    }

    public string Region { get; }

    public string Host { get; }

    public string Namespace { get; }

    /// <summary>The router LAN address and port the SQL frontend binds (RegionPlan.RouterLanAddress, PortPlan.Endpoint).</summary>
    public IPEndPoint Frontend { get; }

    public string ConfigFile { get; }

    /// <summary>HAProxy's stderr: notices, alerts and the per-connection tcplog.</summary>
    public string LogFile { get; }

    /// <summary>The master's own PID (the launch chain execs, never forks) and its start time.</summary>
    public ProcessIdentity Identity { get; }

    public bool HasExited => _process.HasExited;

    public int? ExitCode => _process.HasExited ? _process.ExitCode : null;

    /// <summary>The master's children right now: its worker (two briefly during a reload).</summary>
    public IReadOnlyList<int> WorkerPids()
    {
        try
        {
            var children = File.ReadAllText($"/proc/{Identity.Pid}/task/{Identity.Pid}/children");
            return [.. children.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(p => int.Parse(p, CultureInfo.InvariantCulture))];
        }
        catch (IOException)
        {
            return [];
        }
    }

    /// <summary>Reloads the config in place (validate it first with <see cref="HaproxyLauncher.ValidateAsync"/>). The master PID stays.</summary>
    public bool Reload() => Signals.Send(Identity, SigUsr2);

    /// <summary>SIGKILL of the master only, as in a crash drill; its worker notices and exits by itself.</summary>
    public bool Kill() => Signals.Send(Identity, Signals.SigKill);

    public Task WaitForExitAsync(CancellationToken cancellationToken = default) => _process.WaitForExitAsync(cancellationToken);

    /// <summary>
    /// SIGTERM (hard stop: the master stops its workers, which close every session at once; SIGUSR1 would wait for
    /// 8-hour SQL sessions), SIGKILL after the grace period; returns once the master is reaped and its workers are gone.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        var workers = WorkerPids().Select(ProcessIdentity.TryRead).OfType<ProcessIdentity>().ToList();
        if (!_process.HasExited)
        {
            await Signals.StopAsync(Identity, _stopGrace, cancellationToken).ConfigureAwait(false);
        }

        using var reapTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        reapTimeout.CancelAfter(TimeSpan.FromSeconds(5));
        await _process.WaitForExitAsync(reapTimeout.Token).ConfigureAwait(false);
        foreach (var worker in workers)
        {
            // Workers exit when their master dies; one that did not (master SIGKILLed mid-reload) is stopped by identity.
            await Signals.StopAsync(worker, TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync(CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            _process.Dispose();
        }
    }

    /// <summary>True when <paramref name="pid"/> is an haproxy whose command line names <paramref name="configFile"/>.</summary>
    internal static bool IsHaproxyFor(int pid, string configFile)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/comm").Trim() == "haproxy"
                && File.ReadAllText($"/proc/{pid}/cmdline").Split('\0').Contains(configFile);
        }
        catch (IOException)
        {
            return false;
        }
    }

    public override string ToString() => $"haproxy {Host} (PID {Identity.Pid}, netns {Namespace}, {Frontend})";
}
