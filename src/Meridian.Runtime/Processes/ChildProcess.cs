using System.Diagnostics;
using System.Globalization;

namespace Meridian.Runtime.Processes;

/// <summary>
/// A daemon this process started and must reap: its <see cref="Process"/> plus the <see cref="ProcessIdentity"/> read
/// right after start, which is what the state file records and what every signal goes by (never a name). The daemon
/// handles (charon, etcd, HAProxy, agents) compose this, so stopping and reaping work the same for all of them.
/// </summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private static readonly TimeSpan ReapTimeout = TimeSpan.FromSeconds(5);
    private readonly Process process;

    public ChildProcess(Process process, ProcessIdentity identity, TimeSpan stopGrace)
    {
        this.process = process;
        Identity = identity;
        StopGrace = stopGrace;
    }

    /// <summary>The daemon's own PID (every launch chain execs, never forks) and its start time.</summary>
    public ProcessIdentity Identity { get; }

    public TimeSpan StopGrace { get; }

    /// <summary>True once the daemon has exited and been reaped.</summary>
    public bool HasExited => process.HasExited;

    public int? ExitCode => process.HasExited ? process.ExitCode : null;

    /// <summary>Reads the identity of a just-started process; -1 as start time if it already vanished.</summary>
    public static ChildProcess Adopt(Process process, TimeSpan stopGrace) =>
        new(process, ProcessIdentity.TryRead(process.Id) ?? new ProcessIdentity(process.Id, -1), stopGrace);

    /// <summary>SIGKILL, as in a crash drill. Returns false when the recorded process is already gone.</summary>
    public bool Kill() => Signals.Send(Identity, Signals.SigKill);

    public Task WaitForExitAsync(CancellationToken cancellationToken = default) => process.WaitForExitAsync(cancellationToken);

    /// <summary>SIGTERM, SIGKILL after <see cref="StopGrace"/>; returns once reaped (or after 5 s more, if it never is).</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (!process.HasExited)
        {
            await Signals.StopAsync(Identity, StopGrace, cancellationToken).ConfigureAwait(false);
        }

        using var reap = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        reap.CancelAfter(ReapTimeout);
        try
        {
            await process.WaitForExitAsync(reap.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Not reaped within the timeout after SIGKILL: nothing more can be done from here.
        }
    }

    /// <summary>Resident set size from /proc/PID/status (VmRSS), or null once the process is gone.</summary>
    public long? ResidentBytes()
    {
        try
        {
            var line = File.ReadLines($"/proc/{Identity.Pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            var kib = line?.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
            return Identity.IsAlive && kib is not null ? long.Parse(kib, CultureInfo.InvariantCulture) * 1024 : null;
        }
        catch (IOException)
        {
            return null;
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
            process.Dispose();
        }
    }
}
