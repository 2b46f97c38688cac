using System.Diagnostics;
using Meridian.Core.Hosts;

namespace Meridian.Runtime.Hosts.Readiness;

/// <summary>
/// The one readiness loop: asks the daemon's check every <see cref="Interval"/> until it passes, and fails with a
/// <see cref="DaemonStartException"/> naming the daemon, its host, the probe and the tail of its logs when the daemon
/// exits first or <see cref="DaemonDefinition.ReadyTimeout"/> passes. Replaces the launchers' three copies.
/// </summary>
public static class ReadinessWaiter
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);

    public static async Task WaitAsync(string host, DaemonDefinition daemon, IWaitUntil check, ProbeTarget target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(daemon);
        ArgumentNullException.ThrowIfNull(check);
        ArgumentNullException.ThrowIfNull(target);
        var stopwatch = Stopwatch.StartNew();
        string? lastError = null;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (target.Process.HasExited)
            {
                throw new DaemonStartException(
                    host,
                    daemon,
                    $"{new DaemonExit(target.Process.ExitCode ?? -1, DateTimeOffset.UtcNow)} before it was ready ({daemon.Readiness.Describe()})",
                    LogTail.Of(daemon));
            }

            try
            {
                if (await check.UntilAsync(target, cancellationToken).ConfigureAwait(false))
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                lastError = ex.Message;
            }

            if (stopwatch.Elapsed > daemon.ReadyTimeout)
            {
                var why = lastError is null ? string.Empty : $"; the last check failed: {lastError}";
                throw new DaemonStartException(
                    host,
                    daemon,
                    $"was not ready within {daemon.ReadyTimeout.TotalSeconds:0.###} s (PID {target.Process.Identity.Pid}): {daemon.Readiness.Describe()} never held{why}",
                    LogTail.Of(daemon));
            }

            await Task.Delay(Interval, cancellationToken).ConfigureAwait(false);
        }
    }
}
