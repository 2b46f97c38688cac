using System.Diagnostics;
using Meridian.Core.Planning;
using Meridian.Runtime.Processes;

namespace Meridian.Runtime.Vpn;

/// <summary>
/// A running charon that this process started (see <see cref="CharonLauncher"/>). <see cref="Identity"/> is what the
/// state file records; stopping goes by that identity only, never by name. Disposing stops charon and reaps it.
/// </summary>
public sealed class CharonProcess : IAsyncDisposable
{
    private readonly ChildProcess _child;

    internal CharonProcess(HostPlan router, HostLayout layout, Process process, ProcessIdentity identity, TimeSpan stopGrace)
    {
        Host = router.Name;
        Region = router.Region;
        Namespace = router.Namespace;
        Layout = layout;
        _child = new ChildProcess(process, identity, stopGrace);
    }

    public string Host { get; }

    public string Region { get; }

    public string Namespace { get; }

    public HostLayout Layout { get; }

    /// <summary>charon's own PID (the launch chain execs, never forks) and its start time.</summary>
    public ProcessIdentity Identity => _child.Identity;

    /// <summary>charon's file log, as strongswan.conf's filelog section names it.</summary>
    public string LogFile => Path.Combine(Layout.LogDir, "charon.log");

    /// <summary>True once charon has exited and been reaped.</summary>
    public bool HasExited => _child.HasExited;

    public int? ExitCode => _child.ExitCode;

    /// <summary>SIGKILL, as in a crash drill. Returns false when the recorded process is already gone.</summary>
    public bool Kill() => _child.Kill();

    /// <summary>Waits until charon has exited and is reaped, so its PID is free and a successor may start.</summary>
    public Task WaitForExitAsync(CancellationToken cancellationToken = default) => _child.WaitForExitAsync(cancellationToken);

    /// <summary>SIGTERM (charon deletes its SAs and ipsec0), SIGKILL after the grace period; returns once reaped.</summary>
    public Task StopAsync(CancellationToken cancellationToken = default) => _child.StopAsync(cancellationToken);

    public ValueTask DisposeAsync() => _child.DisposeAsync();

    public override string ToString() => $"charon {Host} (PID {Identity.Pid}, netns {Namespace})";
}
