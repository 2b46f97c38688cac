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

                if (needsSetup)
                {
                    // Not a probe: a failure here is logged, not counted, and tried again next tick.
                    var (existed, setupError) = await _client.EnsureProbeTableAsync(cancellationToken).ConfigureAwait(false);
                    if (existed is null)
                    {
                        _log.Warn($"commit probe table: {setupError}");
                        continue;
                    }

                    needsSetup = false;
                    if (existed == false)
                    {
                        _log.Info($"commit probe table {CommitProbe.Database}.{CommitProbe.Table} created; probing every {interval.TotalSeconds:0.###} s");
                        continue;
                    }
                }

                var (seconds, error) = await _client.ProbeCommitAsync(_config.Node, cancellationToken).ConfigureAwait(false);
                if (seconds is { } observed)
                {
                    _probeDurations.Observe(observed);
                    if (failing)
                    {
                        _log.Info("commit probe succeeds again");
                        failing = false;
                    }

                    continue;
                }

                Interlocked.Increment(ref _probeFailures);

                // The table may have been dropped: check for it again before the next probe.
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
