using System.Globalization;
using Meridian.Core.Decisions;
using Meridian.Core.Galera;
using Meridian.Core.Planning;
using Meridian.Core.Rendering;
using Meridian.Runtime.Coordination;
using Meridian.Runtime.Processes;

namespace Meridian.Agent;

/// <summary>
/// Supervises one mariadbd: initialise once, decide how to start (<see cref="FirstStartDecision"/>), start or adopt,
/// poll status every second, publish it under a lease, restart after a crash, stop cleanly on SIGTERM.
/// </summary>
public sealed partial class NodeSupervisor : IDisposable
{
    /// <summary>Readiness (docs/lab-notes.md#readiness) is polled each second; the lease outlives a few missed polls.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan ReportTtl = TimeSpan.FromSeconds(5);

    /// <summary>After this long an unfinished earlier joiner no longer holds this one back (worst case: a full SST).</summary>
    public static readonly TimeSpan EarlierJoinerPatience = TimeSpan.FromSeconds(60);

    /// <summary>A clean stop takes 0.1 s (docs/lab-notes.md#timings); a donor or a big buffer pool may take longer.</summary>
    public static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(120);

    /// <summary>
    /// Grace for stopping a mariadbd that is not in a Primary component before SIGKILL: it cannot commit, so nothing
    /// acknowledged can be lost, and a waiting non-Primary server was measured to take about 2 minutes to stop on
    /// SIGTERM (issue 10's fault campaign). The restart recovers its position with --wsrep-recover as after any crash.
    /// </summary>
    public static readonly TimeSpan NonPrimaryStopGrace = TimeSpan.FromSeconds(3);

    /// <summary>How long no other node may report a Primary before a stopped node starts the recovery protocol.</summary>
    public static readonly TimeSpan RejoinPatience = TimeSpan.FromSeconds(2);

    /// <summary>
    /// The recovery loop's pace: facts, epochs and Primary reports are re-read this often while a node waits, so a
    /// decision or a new Primary is acted on within a quarter second plus etcd's round trips, not a whole poll.
    /// </summary>
    public static readonly TimeSpan RecoveryPollInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// How long a non-Primary server keeps running while other nodes already take part in recovery: enough for Galera to
    /// re-form the Primary after a healed partition (reconnect plus one membership round over the WAN), short enough to
    /// keep a double fault's recovery within issue 10's 30 s.
    /// </summary>
    public static readonly TimeSpan OthersRecoveringPatience = TimeSpan.FromSeconds(8);

    /// <summary>
    /// How long a running mariadbd may report wsrep_cluster_status Disconnected before its agent restarts it: longer
    /// than a first connect over the WAN with TLS (a few seconds), short enough for the 30 s recovery target.
    /// </summary>
    public static readonly TimeSpan DisconnectedPatience = TimeSpan.FromSeconds(10);

    /// <summary>A recovery epoch that has not produced a Primary after this long may be replaced by the next one.</summary>
    public static readonly TimeSpan RecoveryAttemptTimeout = TimeSpan.FromSeconds(30);

    private const string Fresh = "fresh";
    private const string Bootstrapping = "bootstrapping";
    private const string Seeded = "seeded";

    /// <summary>Appended to the bootstrapping marker once another member joined the new cluster.</summary>
    private const string Joined = "joined";

    private readonly AgentConfig _config;
    private readonly IClusterCoordinator _coordinator;
    private readonly AgentLog _log;
    private readonly ICommandRunner _runner;
    private readonly NodeFiles _files;
    private readonly MariadbClient _client;
    private readonly DataDirInitializer _initializer;
    private readonly LocalRecoveryFacts _recovery;
    private long _actedEpoch;
    private DateTimeOffset _lastPrimaryAt = DateTimeOffset.MinValue;
    private bool _wasPrimary;
    private bool _closeEpochPending;
    private DateTimeOffset _othersRecoveringSince = DateTimeOffset.MaxValue;
    private DateTimeOffset _disconnectedSince = DateTimeOffset.MaxValue;
    private DateTimeOffset _strandedSince = StrandedServerDecision.NotStranded;
    private ProcessIdentity? _mariadbd;
    private volatile WsrepStatus? _status;
    private volatile string _phase = "starting";
    private volatile string? _phaseDetail;
    private DateTimeOffset _waitingSince = DateTimeOffset.MaxValue;

    public NodeSupervisor(AgentConfig config, ClusterSecrets secrets, IClusterCoordinator coordinator, ICommandRunner runner, AgentLog log)
    {
        _config = config;
        _coordinator = coordinator;
        _log = log;
        _runner = runner;
        _files = new NodeFiles(config);
        _client = new MariadbClient(config, runner);
        _initializer = new DataDirInitializer(config, secrets, _files, _client, runner, log);
        _recovery = new LocalRecoveryFacts(config, _files, runner, log);
    }

    /// <summary>Ends the long-lived `mariadb` clients of the status read and the commit probe (never mariadbd itself).</summary>
    public void Dispose() => _client.Dispose();

    /// <summary>Told every mariadbd this supervisor starts or adopts, so the host's runner shows it and stops it in order.</summary>
    public Action<ProcessIdentity>? MariadbdStarted { get; init; }

    public HttpReply Handle(string path)
    {
        var status = _status;
        var alive = _mariadbd?.IsAlive ?? false;
        if (path is "/" or "/health")
        {
            // Until the first formation is recorded no node serves: the fast first join is safe only while no client wrote.
            var verdict = HealthDecision.Decide(alive ? status : null, allowDonor: false, firstFormationPending: !_files.Formed);
            return new HttpReply(verdict.StatusCode, "text/plain; charset=utf-8", verdict.Body);
        }

        return path == "/metrics"
            ? new HttpReply(200, WsrepMetricsRenderer.ContentType, WsrepMetricsRenderer.Render(_config.Node, _config.Region, alive, alive ? status : null, ProbeReading))
            : new HttpReply(404, "text/plain", "not found");
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var probe = RunCommitProbeAsync(cancellationToken);
        try
        {
            _mariadbd = MariadbdProcess.TryAdopt(_files.ProcessStateFile);
            if (_mariadbd is not null)
            {
                _log.Info($"adopted running mariadbd pid {_mariadbd.Pid}");
                MariadbdStarted?.Invoke(_mariadbd);
                _initializer.FixOwnership();
            }
            else
            {
                await _initializer.EnsureAsync(cancellationToken).ConfigureAwait(false);
                await StartAsync(cancellationToken).ConfigureAwait(false);
            }

            while (!cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(PollInterval, cancellationToken).ConfigureAwait(false);
                await PollAsync(cancellationToken).ConfigureAwait(false);
                if (_mariadbd is { IsAlive: false } dead)
                {
                    _status = null;
                    var marker = _files.ReadMarker();
                    if (marker is null || (marker.StartsWith(Bootstrapping, StringComparison.Ordinal) && marker.EndsWith(Joined, StringComparison.Ordinal)))
                    {
                        _log.Warn($"mariadbd pid {dead.Pid} exited; rejoining, or recovering with the others if no Primary is left");
                        await RecoverOrRejoinAsync(cancellationToken).ConfigureAwait(false);
                    }
                    else
                    {
                        // A seeded join resets to a full SST; a first bootstrap nobody joined yet bootstraps again.
                        _log.Warn($"mariadbd pid {dead.Pid} exited during the first formation ({marker}); deciding again");
                        await StartAsync(cancellationToken).ConfigureAwait(false);
                    }
                }
                else if (_status is not { IsPrimary: true } && await ShouldAbandonWaitingServerAsync(cancellationToken).ConfigureAwait(false))
                {
                    // Not Primary, so it cannot commit: a short grace, then SIGKILL (NonPrimaryStopGrace).
                    await Signals.StopAsync(_mariadbd!, NonPrimaryStopGrace, cancellationToken).ConfigureAwait(false);
                    _status = null;
                    await RecoverOrRejoinAsync(cancellationToken, noPrimaryKnown: true).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // SIGTERM: fall through to the clean stop.
        }

        if (_mariadbd is { } running)
        {
            _log.Info($"stopping mariadbd pid {running.Pid} (SIGTERM)");
            await Signals.StopAsync(running, StopGrace, CancellationToken.None).ConfigureAwait(false);
            File.Delete(_files.ProcessStateFile);
            _log.Info("mariadbd stopped");
        }

        await probe.ConfigureAwait(false);
    }

    /// <summary>Decides and starts; loops while the decision says wait or refuse, publishing why.</summary>
    private async Task StartAsync(CancellationToken cancellationToken)
    {
        _waitingSince = DateTimeOffset.UtcNow;
        while (true)
        {
            var facts = await GatherFactsAsync(cancellationToken).ConfigureAwait(false);
            var action = FirstStartDecision.Decide(facts);
            switch (action)
            {
                case FirstStartAction.ClaimBootstrap:
                    var proposal = new BootstrapRecord(_config.Cluster, _config.Node, Guid.NewGuid().ToString("D"), 1, DateTimeOffset.UtcNow);
                    var stored = await _coordinator.ClaimBootstrapAsync(proposal, cancellationToken).ConfigureAwait(false);
                    _log.Info($"bootstrap claim: {(stored.Node == _config.Node ? "won" : $"lost to {stored.Node}")}, Galera UUID {stored.GaleraUuid}");
                    continue;
                case FirstStartAction.Bootstrap bootstrap:
                    // uuid:0 with safe_to_bootstrap 1: the new cluster keeps the recorded UUID (seqno -1 would make a new one, docs/lab-notes.md#traps).
                    _files.WriteGrastate(new Grastate(bootstrap.Uuid, 0, SafeToBootstrap: true));
                    _files.WriteMarker($"{Bootstrapping} {bootstrap.Uuid:D}");
                    Launch(["--wsrep-new-cluster"], $"bootstrapping a new cluster {bootstrap.Uuid:D}");
                    return;
                case FirstStartAction.JoinFresh join:
                    _files.WriteGrastate(new Grastate(join.Uuid, join.Seqno, SafeToBootstrap: false));
                    _files.WriteMarker(string.Create(CultureInfo.InvariantCulture, $"{Seeded} {join.Uuid:D}:{join.Seqno}"));
                    Launch([], string.Create(CultureInfo.InvariantCulture, $"fresh join pre-seeded at {join.Uuid:D}:{join.Seqno} (no state transfer)"));
                    return;
                case FirstStartAction.ResetForSst reset:
                    _files.WriteGrastate(Grastate.Undefined);
                    _files.DeleteMarker();
                    Launch([], $"joining by full SST: {reset.Reason}");
                    return;
                case FirstStartAction.JoinBySst sst:
                    // The undefined position makes Galera ask for a full SST; with no Primary anywhere this node takes
                    // part in recovery with no position of its own, so it is never chosen and never waited for.
                    _files.WriteGrastate(Grastate.Undefined);
                    _files.DeleteMarker();
                    _log.Info($"joining by full SST once a Primary component exists: {sst.Reason}");
                    await RecoverOrRejoinAsync(cancellationToken).ConfigureAwait(false);
                    return;
                case FirstStartAction.JoinExisting when facts.Primary is null && facts.EverStarted:
                    // A restarted agent (or node) while no Primary exists anywhere: a plain start would only sit
                    // non-Primary until the others' recovery stops it (the campaign lost 12 s so). Take part instead.
                    await RecoverOrRejoinAsync(cancellationToken).ConfigureAwait(false);
                    return;
                case FirstStartAction.JoinExisting:
                    var start = await RecoverStartPositionAsync(cancellationToken).ConfigureAwait(false);
                    Launch(start is null ? [] : [$"--wsrep-start-position={start}"], "normal start (IST or SST as Galera decides)");
                    return;
                case FirstStartAction.WaitForPrimary wait:
                    await HoldAsync("waiting", wait.Reason, cancellationToken).ConfigureAwait(false);
                    continue;
                case FirstStartAction.Refuse refuse:
                    await HoldAsync("refused", refuse.Reason, cancellationToken).ConfigureAwait(false);
                    continue;
                default:
                    throw new InvalidOperationException($"unhandled {action}");
            }
        }
    }

    private async Task HoldAsync(string phase, string reason, CancellationToken cancellationToken, TimeSpan? pace = null)
    {
        if (_phase != phase)
        {
            _log.Info($"{phase}: {reason}");
        }

        _phase = phase;
        _phaseDetail = reason;
        await PublishAsync(null, cancellationToken).ConfigureAwait(false);
        await Task.Delay(pace ?? PollInterval, cancellationToken).ConfigureAwait(false);
    }

    private async Task<string?> RecoverStartPositionAsync(CancellationToken cancellationToken) =>
        _files.ReadGrastate() is not { SeqnoUnknown: true } ? null : (await _recovery.RecoverPositionAsync(cancellationToken).ConfigureAwait(false))?.ToString();

    private void Launch(IReadOnlyList<string> arguments, string why)
    {
        SstLeftovers.StopAndLog(_config.Paths.DataDir, _log);
        _mariadbd = MariadbdProcess.Launch(_config, arguments);
        MariadbdProcess.Record(_files.ProcessStateFile, _mariadbd);
        MariadbdStarted?.Invoke(_mariadbd);
        _phase = "joining";
        _phaseDetail = null;
        _log.Info($"started mariadbd pid {_mariadbd.Pid} {string.Join(' ', arguments)}: {why}");
    }

    private async Task<FirstStartFacts> GatherFactsAsync(CancellationToken cancellationToken)
    {
        var marker = _files.ReadMarker();
        var record = await _coordinator.GetBootstrapAsync(cancellationToken).ConfigureAwait(false);
        var others = (await _coordinator.ListNodesAsync(cancellationToken).ConfigureAwait(false))
            .Where(r => r.Node != _config.Node).ToList();
        var primary = others.Where(r => r.ClusterStatus == "Primary").ToList();
        PrimarySnapshot? snapshot = primary.Count == 0 ? null : new PrimarySnapshot(
            primary[0].ClusterUuid,
            primary[0].LastCommitted,
            primary.Count,
            Quiescent: primary.All(r => r.State == "Synced" && r.ClusterUuid == primary[0].ClusterUuid && r.LastCommitted == primary[0].LastCommitted && r.ClusterSize == primary.Count));
        var earlierPending = others.Any(r => string.CompareOrdinal(r.Node, _config.Node) < 0 && !(r.ClusterStatus == "Primary" && r.State == "Synced"))
            && DateTimeOffset.UtcNow - _waitingSince < EarlierJoinerPatience;
        return new FirstStartFacts(
            _config.Node,
            _files.DataDirInitialised,
            EverStarted: marker != Fresh,
            SeededJoinFailed: marker?.StartsWith(Seeded, StringComparison.Ordinal) == true,
            record is null ? null : new BootstrapClaim(record.Node, record.GaleraUuid),
            snapshot,
            earlierPending,
            ClusterFormed: await IsFormedAsync(cancellationToken).ConfigureAwait(false),
            FirstBootstrapDiedAlone: marker is not null && marker.StartsWith(Bootstrapping, StringComparison.Ordinal) && !marker.EndsWith(Joined, StringComparison.Ordinal));
    }

    /// <summary>This node's copy of the formation record, or etcd's (copied locally once seen).</summary>
    private async Task<bool> IsFormedAsync(CancellationToken cancellationToken)
    {
        if (_files.Formed)
        {
            return true;
        }

        var record = await _coordinator.GetFormationAsync(cancellationToken).ConfigureAwait(false);
        if (record is not null)
        {
            _files.WriteFormed($"{record.GaleraUuid} {record.FormedAt:O} {record.RecordedBy}");
        }

        return record is not null;
    }

    /// <summary>
    /// Records the first formation once every planned member is Synced in this node's Primary component (create-only
    /// in etcd, then a local copy); until then no node's health answers 200 (docs/agent.md, "First bootstrap").
    /// </summary>
    private async Task RecordFormationAsync(WsrepStatus status, CancellationToken cancellationToken)
    {
        try
        {
            if (status.ClusterSize < _config.ExpectedClusterSize)
            {
                await IsFormedAsync(cancellationToken).ConfigureAwait(false);
                return;
            }

            var stored = await _coordinator.RecordFormationAsync(
                new FormationRecord(_config.Cluster, status.ClusterStateUuid, status.ClusterSize, _config.Node, DateTimeOffset.UtcNow), cancellationToken).ConfigureAwait(false);
            _files.WriteFormed($"{stored.GaleraUuid} {stored.FormedAt:O} {stored.RecordedBy}");
            _log.Info($"first formation recorded by {stored.RecordedBy} at {stored.FormedAt:O} (size {stored.ClusterSize}); this node serves from now on");
        }
        catch (CoordinationException ex)
        {
            _log.Warn($"recording the first formation failed: {ex.Message}");
        }
    }

    private async Task PollAsync(CancellationToken cancellationToken)
    {
        var status = _mariadbd?.IsAlive == true ? await _client.TryReadStatusAsync(cancellationToken).ConfigureAwait(false) : null;
        _status = status;

        // The clocks of the restart rules (ShouldAbandonWaitingServerAsync) run only while every read says so: any other
        // answer, or none (starting, SST), resets them.
        _disconnectedSince = status is { ClusterStatus: "Disconnected" } ? Earliest(_disconnectedSince) : DateTimeOffset.MaxValue;
        if (status is not { IsPrimary: false })
        {
            _strandedSince = StrandedServerDecision.NotStranded;
        }

        if (status is { IsPrimary: true })
        {
            // Every view change is on disk within a poll: the recovery decision must know every member, garbd too.
            var members = PrimaryMembership.FromIncomingAddresses(status.IncomingAddresses, status.ClusterSize, _config.Members);

            // A reading without this node's own address is not a view of its Primary (the variable is empty while a
            // view is being installed): keep the last good list rather than record members nobody could account for.
            if (members.Contains(_config.Node, StringComparer.Ordinal) && _recovery.RecordLastPrimary(members))
            {
                _log.Info($"Primary component members: {string.Join(", ", members)}");
            }
        }

        if (status is { IsSynced: true, IsPrimary: true })
        {
            var marker = _files.ReadMarker();
            if (marker?.StartsWith(Bootstrapping, StringComparison.Ordinal) == true && status.ClusterSize > 1 && !marker.EndsWith(Joined, StringComparison.Ordinal))
            {
                // From now on another node holds this history too: a dead first bootstrap is no longer redone alone.
                _files.WriteMarker($"{marker} {Joined}");
            }

            if (!_files.Formed)
            {
                await RecordFormationAsync(status, cancellationToken).ConfigureAwait(false);
            }

            if (_files.Formed && marker is not null && marker != Fresh
                && (marker.StartsWith(Seeded, StringComparison.Ordinal) || status.ClusterSize >= _config.ExpectedClusterSize))
            {
                _files.DeleteMarker();
                _log.Info($"first formation done on this node ({marker}); size {status.ClusterSize}");
            }
        }

        await PublishAsync(status, cancellationToken).ConfigureAwait(false);
        if (status is { IsPrimary: true })
        {
            _lastPrimaryAt = DateTimeOffset.UtcNow;
            if (!_wasPrimary || _closeEpochPending)
            {
                await CloseLatestEpochAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        _wasPrimary = status is { IsPrimary: true };
    }

    private async Task PublishAsync(WsrepStatus? status, CancellationToken cancellationToken)
    {
        var report = new NodeReport(
            _config.Node,
            _config.Region,
            _config.Segment,
            status?.LocalStateComment is { Length: > 0 } state ? state : _phase,
            status?.ClusterStatus ?? "none",
            status?.ClusterSize ?? 0,
            status?.ClusterStateUuid ?? string.Empty,
            status?.LastCommitted ?? -1,
            GaleraReadiness.IsReady(status, _config.ExpectedClusterSize),
            status?.FlowControlPaused ?? 0,
            DateTimeOffset.UtcNow,
            status is null ? _phaseDetail : null,
            status?.LocalSendQueue,
            status?.LocalRecvQueue,
            status?.LocalCertFailures);
        try
        {
            await _coordinator.PublishAsync(report, ReportTtl, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // etcd unreachable (e.g. this region cut off) must not stop supervision of a running node.
            _log.Warn($"publishing the node report failed: {ex.Message}");
        }
    }

    /// <summary>The clock's start if it runs, else now.</summary>
    private static DateTimeOffset Earliest(DateTimeOffset since) => since == DateTimeOffset.MaxValue ? DateTimeOffset.UtcNow : since;
}
