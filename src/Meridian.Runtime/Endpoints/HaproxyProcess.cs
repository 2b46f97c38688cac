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

    private readonly ChildProcess _child;

    internal HaproxyProcess(string region, HostPlan router, IPEndPoint frontend, string configFile, string logFile, Process process, ProcessIdentity identity, TimeSpan stopGrace)
    {
        Region = region;
        Host = router.Name;
        Namespace = router.Namespace;
        Frontend = frontend;
        ConfigFile = configFile;
        LogFile = logFile;
        _child = new ChildProcess(process, identity, stopGrace);
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
    public ProcessIdentity Identity => _child.Identity;

    public bool HasExited => _child.HasExited;

    public int? ExitCode => _child.ExitCode;

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
    public bool Kill() => _child.Kill();

    public Task WaitForExitAsync(CancellationToken cancellationToken = default) => _child.WaitForExitAsync(cancellationToken);

    /// <summary>
    /// SIGTERM (hard stop: the master stops its workers, which close every session at once; SIGUSR1 would wait for
    /// 8-hour SQL sessions), SIGKILL after the grace period; returns once the master is reaped and its workers are gone.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        var workers = WorkerPids().Select(ProcessIdentity.TryRead).OfType<ProcessIdentity>().ToList();
        await _child.StopAsync(cancellationToken).ConfigureAwait(false);
        foreach (var worker in workers)
        {
            // Workers exit when their master dies; one that did not (master SIGKILLed mid-reload) is stopped by identity.
            await Signals.StopAsync(worker, TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None).ConfigureAwait(false);
        await _child.DisposeAsync().ConfigureAwait(false);
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
