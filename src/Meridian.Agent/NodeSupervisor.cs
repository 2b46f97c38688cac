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
public sealed partial class NodeSupervisor
{
    /// <summary>LAB-NOTES "Readiness": polled each second; the lease outlives a few missed polls.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan ReportTtl = TimeSpan.FromSeconds(5);

    /// <summary>After this long an unfinished earlier joiner no longer holds this one back (worst case: a full SST).</summary>
    public static readonly TimeSpan EarlierJoinerPatience = TimeSpan.FromSeconds(60);

    /// <summary>A clean stop takes 0.1 s (LAB-NOTES); a donor or a big buffer pool may take longer.</summary>
    public static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(120);

    /// <summary>How long no other node may report a Primary before a stopped node starts the recovery protocol.</summary>
    public static readonly TimeSpan RejoinPatience = TimeSpan.FromSeconds(3);

    /// <summary>A recovery epoch that has not produced a Primary after this long may be replaced by the next one.</summary>
    public static readonly TimeSpan RecoveryAttemptTimeout = TimeSpan.FromSeconds(30);

    private const string Fresh = "fresh";
    private const string Bootstrapping = "bootstrapping";
    private const string Seeded = "seeded";

    private readonly AgentConfig _config;
    private readonly IClusterCoordinator _coordinator;
    private readonly AgentLog _log;
    private readonly ICommandRunner _runner;
    private readonly NodeFiles _files;
    private readonly MariadbClient _client;
    private readonly DataDirInitializer _initializer;
    private readonly LocalRecoveryFacts _recovery;
    private long _actedEpoch;
    private int _pollsSinceMembership;
    private DateTimeOffset _lastPrimaryAt = DateTimeOffset.MinValue;
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

    public HttpReply Handle(string path)
    {
        var status = _status;
        var alive = _mariadbd?.IsAlive ?? false;
        if (path is "/" or "/health")
        {
            var verdict = HealthDecision.Decide(alive ? status : null, allowDonor: false, firstFormationPending: IsFormingNewCluster());
            return new HttpReply(verdict.StatusCode, "text/plain; charset=utf-8", verdict.Body);
        }

        return path == "/metrics"
            ? new HttpReply(200, WsrepMetricsRenderer.ContentType, WsrepMetricsRenderer.Render(_config.Node, _config.Region, alive, alive ? status : null))
            : new HttpReply(404, "text/plain", "not found");
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            _mariadbd = MariadbdProcess.TryAdopt(_files.ProcessStateFile);
            if (_mariadbd is not null)
            {
                _log.Info($"adopted running mariadbd pid {_mariadbd.Pid}");
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
                    if (_files.ReadMarker() is null)
                    {
                        _log.Warn($"mariadbd pid {dead.Pid} exited; rejoining, or recovering with the others if no Primary is left");
                        await RecoverOrRejoinAsync(cancellationToken).ConfigureAwait(false);
                    }
                    else
                    {
                        _log.Warn($"mariadbd pid {dead.Pid} exited during the first formation; restarting it without --wsrep-new-cluster");
                        await StartAsync(cancellationToken).ConfigureAwait(false);
                    }
                }
                else if (_status is not { IsPrimary: true } && await ShouldAbandonWaitingServerAsync(cancellationToken).ConfigureAwait(false))
                {
                    await Signals.StopAsync(_mariadbd!, StopGrace, cancellationToken).ConfigureAwait(false);
                    _status = null;
                    await RecoverOrRejoinAsync(cancellationToken).ConfigureAwait(false);
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
    }

    private bool IsFormingNewCluster() => _files.ReadMarker()?.StartsWith(Bootstrapping, StringComparison.Ordinal) == true;

    /// <summary>Decides and starts; loops while the decision says wait or refuse, publishing why.</summary>
    private async Task StartAsync(CancellationToken cancellationToken)
    {
        _waitingSince = DateTimeOffset.UtcNow;
        while (true)
        {
            var action = FirstStartDecision.Decide(await GatherFactsAsync(cancellationToken).ConfigureAwait(false));
            switch (action)
            {
                case FirstStartAction.ClaimBootstrap:
                    var proposal = new BootstrapRecord(_config.Cluster, _config.Node, Guid.NewGuid().ToString("D"), 1, DateTimeOffset.UtcNow);
                    var stored = await _coordinator.ClaimBootstrapAsync(proposal, cancellationToken).ConfigureAwait(false);
                    _log.Info($"bootstrap claim: {(stored.Node == _config.Node ? "won" : $"lost to {stored.Node}")}, Galera UUID {stored.GaleraUuid}");
                    continue;
                case FirstStartAction.Bootstrap bootstrap:
                    // uuid:0 with safe_to_bootstrap 1: the new cluster keeps the recorded UUID (seqno -1 would make a new one, LAB-NOTES "Traps").
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

    private async Task HoldAsync(string phase, string reason, CancellationToken cancellationToken)
    {
        if (_phase != phase)
        {
            _log.Info($"{phase}: {reason}");
        }

        _phase = phase;
        _phaseDetail = reason;
        await PublishAsync(null, cancellationToken).ConfigureAwait(false);
        await Task.Delay(PollInterval, cancellationToken).ConfigureAwait(false);
    }

    private async Task<string?> RecoverStartPositionAsync(CancellationToken cancellationToken) =>
        _files.ReadGrastate() is not { SeqnoUnknown: true } ? null : (await _recovery.RecoverPositionAsync(cancellationToken).ConfigureAwait(false))?.ToString();

    private void Launch(IReadOnlyList<string> arguments, string why)
    {
        _mariadbd = MariadbdProcess.Launch(_config, arguments);
        MariadbdProcess.Record(_files.ProcessStateFile, _mariadbd);
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
            earlierPending);
    }

    private async Task PollAsync(CancellationToken cancellationToken)
    {
        var status = _mariadbd?.IsAlive == true ? await _client.TryReadStatusAsync(cancellationToken).ConfigureAwait(false) : null;
        _status = status;
        if (status is { IsSynced: true, IsPrimary: true })
        {
            var marker = _files.ReadMarker();
            if (marker?.StartsWith(Seeded, StringComparison.Ordinal) == true
                || (marker?.StartsWith(Bootstrapping, StringComparison.Ordinal) == true && status.ClusterSize >= _config.ExpectedClusterSize))
            {
                _files.DeleteMarker();
                _log.Info($"first formation done on this node ({marker}); size {status.ClusterSize}");
            }
        }

        await PublishAsync(status, cancellationToken).ConfigureAwait(false);
        if (status is { IsPrimary: true })
        {
            _lastPrimaryAt = DateTimeOffset.UtcNow;
        }

        if (status is { IsPrimary: true, IsSynced: true } && ++_pollsSinceMembership >= 5)
        {
            _pollsSinceMembership = 0;
            await RecordLastPrimaryAsync(status, cancellationToken).ConfigureAwait(false);
        }
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
            status is null ? _phaseDetail : null);
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
}
