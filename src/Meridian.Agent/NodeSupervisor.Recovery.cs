using System.Globalization;
using Meridian.Core.Decisions;
using Meridian.Core.Galera;
using Meridian.Runtime.Coordination;
using Meridian.Runtime.Processes;

namespace Meridian.Agent;

/// <summary>
/// Recovery after every node lost the Primary component (docs/recovery.md, "Protocol"): publish this node's facts, let
/// <see cref="RecoveryDecision"/> choose, store the choice once per epoch in etcd, and carry it out.
/// </summary>
public sealed partial class NodeSupervisor
{
    /// <summary>
    /// mariadbd is down. If another node reports a Primary, rejoin it at the recovered position (IST). Otherwise, after
    /// <see cref="RejoinPatience"/>, take part in the recovery protocol until this node is started one way or another.
    /// </summary>
    /// <param name="noPrimaryKnown">The agent itself just stopped a server because no Primary is left anywhere: no
    /// need to wait <see cref="RejoinPatience"/> for one to appear.</param>
    private async Task RecoverOrRejoinAsync(CancellationToken cancellationToken, bool noPrimaryKnown = false)
    {
        var stuckSince = DateTimeOffset.UtcNow - (noPrimaryKnown ? RejoinPatience : TimeSpan.Zero);

        // Collected once, right away: a rejoin needs the recovered position too, and --wsrep-recover (0.1-1 s) then
        // overlaps RejoinPatience instead of following it (crash-all target: 10 s, docs/recovery.md "Measured").
        var mine = await _recovery.CollectAsync(cancellationToken).ConfigureAwait(false);
        while (true)
        {
            var others = await OtherReportsAsync(cancellationToken).ConfigureAwait(false);

            // Only reports published after this node noticed: a peer killed at the same moment may not have said so yet.
            if (others.Any(r => r.ClusterStatus == "Primary" && r.Heartbeat > stuckSince))
            {
                var start = mine.RecoveredPosition;
                Launch(start is null ? [] : [$"--wsrep-start-position={start}"], "rejoining the Primary component (IST or SST as Galera decides)");
                return;
            }

            var latest = await _coordinator.GetLatestRecoveryAsync(cancellationToken).ConfigureAwait(false);
            // An epoch that produced a Primary is over: this incident needs a new one, whatever its age.
            var closed = latest is not null && await _coordinator.GetRecoveryClosureAsync(latest.Epoch, cancellationToken).ConfigureAwait(false) is not null;
            var current = latest is not null && !closed && DateTimeOffset.UtcNow - latest.DecidedAt < RecoveryAttemptTimeout;
            if (current && latest!.Epoch > _actedEpoch)
            {
                _actedEpoch = latest.Epoch;
                if (CarryOut(latest, mine))
                {
                    return;
                }

                continue;
            }

            if (DateTimeOffset.UtcNow - stuckSince < RejoinPatience)
            {
                await HoldAsync("waiting", "no other node reports a Primary component; waiting before recovery", cancellationToken, RecoveryPollInterval).ConfigureAwait(false);
                continue;
            }

            await _coordinator.PublishRecoveryFactsAsync(mine with { PublishedAt = DateTimeOffset.UtcNow }, ReportTtl, cancellationToken).ConfigureAwait(false);
            if (current)
            {
                await HoldAsync("recovering", $"epoch {latest!.Epoch}: {latest.Kind} {latest.Node}; waiting for the Primary component", cancellationToken, RecoveryPollInterval).ConfigureAwait(false);
                continue;
            }

            var facts = await GatherRecoveryFactsAsync(latest, closed, cancellationToken).ConfigureAwait(false);
            var verdict = RecoveryDecision.Decide(facts);
            var proposal = RecoveryFactsBuilder.ToRecord(verdict, _config.Cluster, (latest?.Epoch ?? 0) + 1, _config.Node, forced: false);
            if (proposal is not null)
            {
                var stored = await _coordinator.ClaimRecoveryAsync(proposal, cancellationToken).ConfigureAwait(false);
                _log.Info($"recovery epoch {stored.Epoch} decided by {stored.DecidedBy}: {stored.Kind} {stored.Node} ({stored.Reason})");
                continue;
            }

            var (phase, reason) = verdict switch
            {
                RecoveryVerdict.WaitForMoreInformation w => ("recovery-waiting", $"waiting for {string.Join(", ", w.MissingNodes)}: {w.Reason}"),
                RecoveryVerdict.Refuse r => ("recovery-refused", $"{r.Reason}; {r.OperatorAction}"),
                _ => ("recovery-waiting", verdict.ToString()),
            };
            await HoldAsync(phase, reason, cancellationToken, RecoveryPollInterval).ConfigureAwait(false);
        }
    }

    /// <summary>Starts mariadbd as the epoch's decision says; false when this node just waits for the Primary to appear.</summary>
    private bool CarryOut(RecoveryRecord record, RecoveryReport mine)
    {
        var ownPosition = RecoveryDecision.PositionOf(RecoveryFactsBuilder.ToFacts(mine));
        if (record.Kind == RecoveryRecord.StartAllKind)
        {
            Launch(ownPosition is { } p ? [$"--wsrep-start-position={p}"] : [], $"recovery epoch {record.Epoch}: pc.recovery re-forms the last Primary");
            return true;
        }

        if (record.Node != _config.Node)
        {
            _log.Info($"recovery epoch {record.Epoch}: {record.Node} bootstraps at {record.GaleraUuid}:{record.Seqno}; this node joins it");
            return false;
        }

        // Recovered uuid:seqno with safe_to_bootstrap 1: with seqno -1 Galera would silently start a new history (docs/lab-notes.md#traps).
        var recordPosition = GaleraPosition.TryParse($"{record.GaleraUuid}:{record.Seqno.ToString(CultureInfo.InvariantCulture)}");
        var position = recordPosition is { IsDefined: true } ? recordPosition : ownPosition;
        _files.WriteGrastate(position is { } chosen ? new Grastate(chosen.Uuid, chosen.Seqno, SafeToBootstrap: true) : Grastate.Undefined with { SafeToBootstrap = true });
        Launch(["--wsrep-new-cluster"], $"recovery epoch {record.Epoch}: bootstrapping at {position?.ToString() ?? "a new history"} ({record.Reason})");
        return true;
    }

    /// <summary>
    /// While mariadbd runs without a Primary: give up waiting when an operator forced a bootstrap (a newer forced epoch),
    /// or when pc.recovery did not re-form the Primary within <see cref="RecoveryAttemptTimeout"/>, or when it stays
    /// outside a Primary that others report (<see cref="StrandedServerDecision"/>). Never during an SST.
    /// </summary>
    private async Task<bool> ShouldAbandonWaitingServerAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (_mariadbd is not { IsAlive: true } || _status is { IsPrimary: true })
            {
                return false;
            }

            var latest = await _coordinator.GetLatestRecoveryAsync(cancellationToken).ConfigureAwait(false);
            if (_mariadbd is not { IsAlive: true } || _recovery.SstProcessRunning())
            {
                _strandedSince = StrandedServerDecision.NotStranded;
                return false;
            }

            // A server whose provider left the group (view "final", wsrep_cluster_status Disconnected) never rejoins by
            // itself; seen after a healed isolation, with a Primary elsewhere that no rule below would ever give up on.
            // It cannot commit, so stopping it loses nothing; the restart rejoins the Primary by IST or SST.
            if (DateTimeOffset.UtcNow - _disconnectedSince >= DisconnectedPatience)
            {
                _log.Warn($"mariadbd has been disconnected from the group for {DisconnectedPatience.TotalSeconds:0} s; restarting it to rejoin");
                _disconnectedSince = DateTimeOffset.MaxValue;
                return true;
            }

            // Rule 9: the clock runs only while this agent sees a fresh Primary report elsewhere (StrandedServerDecision).
            var others = await OtherReportsAsync(cancellationToken).ConfigureAwait(false);
            _strandedSince = StrandedServerDecision.StrandedSince(_strandedSince, DateTimeOffset.UtcNow, _status is { IsPrimary: false }, others.Select(r => (r.ClusterStatus, r.Heartbeat)));
            if (StrandedServerDecision.ShouldRestart(_strandedSince, DateTimeOffset.UtcNow))
            {
                var primary = string.Join(", ", others.Where(r => r.ClusterStatus == "Primary").Select(r => r.Node));
                _log.Warn($"mariadbd has been outside the Primary component for {(DateTimeOffset.UtcNow - _strandedSince).TotalSeconds:0} s ({_status?.LocalStateComment}) while {primary} report one; restarting it to rejoin");
                _strandedSince = StrandedServerDecision.NotStranded;
                return true;
            }

            var age = latest is null ? TimeSpan.MaxValue : DateTimeOffset.UtcNow - latest.DecidedAt;
            var forced = latest is not null && latest.Forced && latest.Epoch > _actedEpoch && age < RecoveryAttemptTimeout;
            var closed = latest is not null && await _coordinator.GetRecoveryClosureAsync(latest.Epoch, cancellationToken).ConfigureAwait(false) is not null;

            // The node an open epoch chose to bootstrap is exempt from the attempt timeout: a server started with
            // --wsrep-new-cluster becomes Primary as soon as its InnoDB crash recovery ends, however long that takes,
            // and stopping it would only start the recovery over (issue 10, "A slow bootstrap is killed by its own agent").
            if (!forced && !closed && latest is { Kind: RecoveryRecord.BootstrapKind } && latest.Node == _config.Node && latest.Epoch == _actedEpoch)
            {
                return false;
            }

            // Others take part in the protocol (their facts are refreshed each second) and no epoch is being carried out.
            var recovering = latest is null || closed || age >= RecoveryAttemptTimeout
                ? (await _coordinator.ListRecoveryFactsAsync(cancellationToken).ConfigureAwait(false))
                    .Where(f => f.Node != _config.Node && DateTimeOffset.UtcNow - f.PublishedAt < RejoinPatience).Select(f => f.Node).ToList()
                : [];
            var othersRecovering = recovering.Count > 0;

            // After a partition heals, non-Primary servers re-form the Primary by themselves within seconds, and a node
            // that was down then joins it: give Galera OthersRecoveringPatience first. But Galera re-forms a Primary from
            // non-Primary components only when every member of the last Primary is back, so once a member of this
            // node's last Primary is itself down and recovering, waiting cannot help (measured: b and c, last Primary {a, b, c}, stayed non-Primary after the heal while a was down).
            var lastPrimaryMemberDown = recovering.Intersect(_recovery.ReadLastPrimary(), StringComparer.Ordinal).Any();
            if (!othersRecovering)
            {
                _othersRecoveringSince = DateTimeOffset.MaxValue;
            }
            else if (_othersRecoveringSince == DateTimeOffset.MaxValue)
            {
                _othersRecoveringSince = DateTimeOffset.UtcNow;
            }

            othersRecovering &= lastPrimaryMemberDown || DateTimeOffset.UtcNow - _othersRecoveringSince >= OthersRecoveringPatience;
            var pcRecoveryStuck = latest is not null && !closed && latest.Kind == RecoveryRecord.StartAllKind && latest.Epoch == _actedEpoch && age >= RecoveryAttemptTimeout;
            if (!forced && !pcRecoveryStuck && !othersRecovering)
            {
                return false;
            }

            if (others.Any(r => r.ClusterStatus == "Primary"))
            {
                return false;
            }

            _log.Warn(forced ? $"recovery epoch {latest!.Epoch} was forced by an operator; stopping the waiting mariadbd"
                : pcRecoveryStuck ? $"pc.recovery of epoch {latest!.Epoch} formed no Primary in {RecoveryAttemptTimeout.TotalSeconds:0} s; stopping the waiting mariadbd"
                : "no Primary anywhere and the other nodes are recovering; stopping the waiting mariadbd to take part");
            return true;
        }
        catch (CoordinationException ex)
        {
            // Nothing seen of the others: the stranded clock starts again once they can be read.
            _strandedSince = StrandedServerDecision.NotStranded;
            _log.Warn($"reading the recovery record failed: {ex.Message}");
            return false;
        }
    }

    /// <summary>
    /// This node is in a Primary component: the latest recovery epoch, decided before now, produced it (or one that this
    /// node joined), so it is closed and never judged "failed" later. Retried on the next poll if etcd fails.
    /// </summary>
    private async Task CloseLatestEpochAsync(CancellationToken cancellationToken)
    {
        try
        {
            _closeEpochPending = false;
            var latest = await _coordinator.GetLatestRecoveryAsync(cancellationToken).ConfigureAwait(false);
            if (latest is null || await _coordinator.GetRecoveryClosureAsync(latest.Epoch, cancellationToken).ConfigureAwait(false) is not null)
            {
                return;
            }

            var stored = await _coordinator.CloseRecoveryAsync(new RecoveryClosure(_config.Cluster, latest.Epoch, _config.Node, DateTimeOffset.UtcNow), cancellationToken).ConfigureAwait(false);
            if (stored.ClosedBy == _config.Node)
            {
                _log.Info($"recovery epoch {latest.Epoch} closed: this node is in a Primary component");
            }
        }
        catch (CoordinationException ex)
        {
            _closeEpochPending = true;
            _log.Warn($"closing the latest recovery epoch failed: {ex.Message}");
        }
    }

    private async Task<List<NodeReport>> OtherReportsAsync(CancellationToken cancellationToken) =>
        [.. (await _coordinator.ListNodesAsync(cancellationToken).ConfigureAwait(false)).Where(r => r.Node != _config.Node)];

    private async Task<RecoveryFacts> GatherRecoveryFactsAsync(RecoveryRecord? latest, bool latestClosed, CancellationToken cancellationToken)
    {
        var published = await _coordinator.ListRecoveryFactsAsync(cancellationToken).ConfigureAwait(false);
        var record = await _coordinator.GetBootstrapAsync(cancellationToken).ConfigureAwait(false);
        // A pc.recovery epoch failed only if nobody closed it and this node saw no Primary since it was decided.
        var pcRecoveryFailed = latest?.Kind == RecoveryRecord.StartAllKind && !latestClosed && _lastPrimaryAt < latest.DecidedAt;
        // The plan's members, not whoever reports: a node whose host is down is still waited for.
        return RecoveryFactsBuilder.Build(_config.Members, published, DateTimeOffset.UtcNow - RecoveryFactsBuilder.Freshness, record, pcRecoveryFailed, forcedNode: null);
    }
}
