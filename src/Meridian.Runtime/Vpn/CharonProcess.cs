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
    private readonly Process _process;
    private readonly TimeSpan _stopGrace;

    internal CharonProcess(HostPlan router, HostLayout layout, Process process, ProcessIdentity identity, TimeSpan stopGrace)
    {
        Host = router.Name;
        Region = router.Region;
        Namespace = router.Namespace;
        Layout = layout;
        _process = process;
        Identity = identity;
        _stopGrace = stopGrace;
    }

    public string Host { get; }

    public string Region { get; }

    public string Namespace { get; }

    public HostLayout Layout { get; }

    /// <summary>charon's own PID (the launch chain execs, never forks) and its start time.</summary>
    public ProcessIdentity Identity { get; }

    /// <summary>charon's file log, as strongswan.conf's filelog section names it.</summary>
    public string LogFile => Path.Combine(Layout.LogDir, "charon.log");

    /// <summary>True once charon has exited and been reaped.</summary>
    public bool HasExited => _process.HasExited;

    public int? ExitCode => _process.HasExited ? _process.ExitCode : null;

    /// <summary>SIGKILL, as in a crash drill. Returns false when the recorded process is already gone.</summary>
    public bool Kill() => Signals.Send(Identity, Signals.SigKill);

    /// <summary>Waits until charon has exited and is reaped, so its PID is free and a successor may start.</summary>
    public Task WaitForExitAsync(CancellationToken cancellationToken = default) => _process.WaitForExitAsync(cancellationToken);

    /// <summary>SIGTERM (charon deletes its SAs and ipsec0), SIGKILL after the grace period; returns once reaped.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (!_process.HasExited)
        {
            await Signals.StopAsync(Identity, _stopGrace, cancellationToken).ConfigureAwait(false);
        }

        using var reapTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        reapTimeout.CancelAfter(TimeSpan.FromSeconds(5));
        await _process.WaitForExitAsync(reapTimeout.Token).ConfigureAwait(false);
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

    public override string ToString() => $"charon {Host} (PID {Identity.Pid}, netns {Namespace})";
}
