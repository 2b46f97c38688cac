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

                var (seconds, error) = await _client.ProbeCommitAsync(_config.Node, needsSetup, cancellationToken).ConfigureAwait(false);
                if (seconds is { } observed)
                {
                    _probeDurations.Observe(observed);
                    needsSetup = false;
                    if (failing)
                    {
                        _log.Info("commit probe succeeds again");
                        failing = false;
                    }

                    continue;
                }

                Interlocked.Increment(ref _probeFailures);

                // The table may have been dropped: create it again before the next probe (idempotent).
                needsSetup = true;
                if (!failing)
                {
                    // Logged once per run of failures, so a long outage does not fill the log.
                    _log.Warn($"commit probe failed: {error}");
                    failing = true;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // SIGTERM: the supervisor stops mariadbd.
        }
    }
}
