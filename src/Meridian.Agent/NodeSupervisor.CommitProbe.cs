using Meridian.Core.Galera;

namespace Meridian.Agent;

/// <summary>
/// The commit-latency probe (docs/metrics.md, "Commit probe"): its own loop and its own `mariadb` run with its own
/// timeout, so a slow commit never delays the status poll that health and the node report come from.
/// </summary>
public sealed partial class NodeSupervisor
{
    private readonly LatencyHistogram _probeDurations = new(CommitProbe.BucketBounds);
    private long _probeFailures;

    private CommitProbeReading? ProbeReading =>
        _config.EffectiveMonitoring.CommitProbeInterval > TimeSpan.Zero
            ? new CommitProbeReading(_probeDurations.Snapshot(), Interlocked.Read(ref _probeFailures))
            : null;

    /// <summary>
    /// Probes only while the last poll saw Synced in a Primary component, and only after the first formation: before it
    /// a fresh joiner is pre-seeded with the bootstrap node's seqno on the promise that nothing was written
    /// (<see cref="Meridian.Core.Decisions.FirstStartDecision"/>), and a probe write would break that promise.
    /// </summary>
    private async Task RunCommitProbeAsync(CancellationToken cancellationToken)
    {
        var interval = _config.EffectiveMonitoring.CommitProbeInterval;
        if (interval <= TimeSpan.Zero)
        {
            _log.Info("commit probe off (monitoring.commitProbeInterval: 0)");
            return;
        }

        var needsSetup = true;
        var failing = false;
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                if (_mariadbd is not { IsAlive: true } || _status is not { IsSynced: true, IsPrimary: true } || !_files.Formed)
                {
                    continue;
                }

                try
                {
                    (needsSetup, failing) = await ProbeOnceAsync(interval, needsSetup, failing, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // Whatever went wrong (the client binary gone, say), the probe loop must outlive it.
                    Interlocked.Increment(ref _probeFailures);
                    (needsSetup, failing) = (true, Warn(failing, $"commit probe failed: {ex.Message}"));
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // SIGTERM: the supervisor stops mariadbd.
        }
    }

    /// <summary>One tick: set the table up if needed, else probe. Returns whether setup is needed next and whether it is failing.</summary>
    private async Task<(bool NeedsSetup, bool Failing)> ProbeOnceAsync(TimeSpan interval, bool needsSetup, bool failing, CancellationToken cancellationToken)
    {
        if (needsSetup)
        {
            // Not a probe: a failure here is logged, not counted, and tried again next tick.
            var (existed, setupError) = await _client.EnsureProbeTableAsync(cancellationToken).ConfigureAwait(false);
            if (existed is null)
            {
                return (true, Warn(failing, $"commit probe table: {setupError}"));
            }

            if (existed == false)
            {
                _log.Info($"commit probe table {CommitProbe.Database}.{CommitProbe.Table} created; probing every {interval.TotalSeconds:0.###} s");
                return (false, failing);
            }
        }

        var (seconds, error) = await _client.ProbeCommitAsync(_config.Node, cancellationToken).ConfigureAwait(false);
        if (seconds is { } observed)
        {
            _probeDurations.Observe(observed);
            if (failing)
            {
                _log.Info("commit probe succeeds again");
            }

            return (false, false);
        }

        Interlocked.Increment(ref _probeFailures);

        // The table may have been dropped: check for it again before the next probe.
        return (true, Warn(failing, $"commit probe failed: {error}"));
    }

    /// <summary>Logs the first failure of a run of failures only, so a long outage does not fill the log; returns true (failing).</summary>
    private bool Warn(bool failing, string message)
    {
        if (!failing)
        {
            _log.Warn(message);
        }

        return true;
    }
}
