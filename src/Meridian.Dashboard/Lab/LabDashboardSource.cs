using Meridian.Core.Chaos;
using Meridian.Core.Dashboard;
using Meridian.Core.Planning;
using Meridian.Runtime.Chaos;
using Meridian.Runtime.Lab;
using Meridian.Runtime.Lab.Control;

namespace Meridian.Dashboard.Lab;

/// <summary>
/// The local lab's dashboard facts, read through <see cref="LabStatusReader"/> like `meridian status` does. Measuring
/// RTT through a tunnel takes three pings 0.2 s apart (up to 2 s with no reply), too slow for one snapshot a second: it
/// runs in the background at most every <see cref="RttInterval"/>, and each snapshot takes the last value. The lab
/// controls go to the supervisor as the same requests `meridian wan` sends, and faults through the same resolver and
/// injector as `meridian chaos`. The latest recovery epoch is read the same
/// way, in the background at most every <see cref="RecoveryInterval"/>, through the request `meridian recover` sends; a
/// failed read keeps the last value (docs/dashboard.md).
/// </summary>
public sealed class LabDashboardSource(LabStatusReader reader, TimeProvider clock) : IDashboardSource, IDashboardLabControls
{
    public static readonly TimeSpan RttInterval = TimeSpan.FromSeconds(5);

    public static readonly TimeSpan RecoveryInterval = TimeSpan.FromSeconds(3);

    /// <summary>How long a snapshot waits for a running full read before it shows the last one.</summary>
    public static readonly TimeSpan FreshStatusWait = TimeSpan.FromMilliseconds(600);

    /// <summary>A supervisor that stopped answering must not hold the one background read forever.</summary>
    private static readonly TimeSpan RecoveryReadTimeout = TimeSpan.FromSeconds(10);

    private readonly Lock gate = new();
    private readonly Dictionary<string, double?> lastRtt = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> measuredAt = new(StringComparer.Ordinal);
    private readonly HashSet<string> measuring = new(StringComparer.Ordinal);
    private DashboardRecovery? lastRecovery;
    private LabStatus? lastStatus;
    private string? statusProblem;
    private Task? statusRead;
    private DateTimeOffset? recoveryReadAt;
    private bool readingRecovery;

    public async Task<DashboardSnapshot> SnapshotAsync(CancellationToken cancellationToken)
    {
        var takenAt = clock.GetUtcNow();
        var recovery = RecentRecovery();

        // The full status (agents, etcd, swanctl in every router) can take seconds on a loaded machine: it runs in the
        // background, and a snapshot waits for it only briefly. The WAN links are the supervisor's own state and answer
        // at once, so a cut shows on the next snapshot whatever the full read is doing (docs/dashboard.md, "How it works").
        var read = RecentStatus();
        await Task.WhenAny(read, Task.Delay(FreshStatusWait, clock, cancellationToken)).ConfigureAwait(false);
        try
        {
            var links = await new LabSupervisorClient(reader.Lab).SendAsync(new WanShowRequest(), cancellationToken).ConfigureAwait(false);
            var (status, problem) = LatestStatus();
            return status is null
                ? LabSnapshotMapper.Map(reader.Lab.Plan, null, takenAt, problem is null ? [] : [problem], recovery)
                : LabSnapshotMapper.Map(reader.Lab.Plan, WithLinks(status, links), takenAt, problem is null ? [] : [problem], recovery);
        }
        catch (LabException e)
        {
            return LabSnapshotMapper.Map(reader.Lab.Plan, null, takenAt, [$"{e.Message}; fix: {e.Hint}"], recovery);
        }
    }

    /// <summary>The pairs with the links' current settings and cut state over the last full read's.</summary>
    private static LabStatus WithLinks(LabStatus status, IReadOnlyList<WanLinkView> links) => status with
    {
        Pairs = [.. status.Pairs.Select(p => links.FirstOrDefault(l => $"{l.From}~{l.To}" == p.Pair) is { } link
            ? p with { ConfiguredRttMs = link.RttMs, JitterMs = link.JitterMs, LossPercent = link.LossPercent, Cut = link.Cut || link.Isolated }
            : p)],
    };

    /// <summary>The running full read, or a new one when none runs.</summary>
    private Task RecentStatus()
    {
        lock (gate)
        {
            statusRead ??= ReadStatusAsync();
            return statusRead;
        }
    }

    private (LabStatus? Status, string? Problem) LatestStatus()
    {
        lock (gate)
        {
            return (lastStatus, statusProblem);
        }
    }

    private async Task ReadStatusAsync()
    {
        LabStatus? status = null;
        string? problem = null;
        try
        {
            status = await reader.ReadAsync(RecentRttAsync, CancellationToken.None).ConfigureAwait(false);
        }
        catch (LabException e)
        {
            problem = $"{e.Message}; fix: {e.Hint}";
        }
        finally
        {
            lock (gate)
            {
                lastStatus = status ?? lastStatus;
                statusProblem = problem;
                statusRead = null;
            }
        }
    }

    public async Task WanAsync(DashboardWanAction action, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(action);
        var plan = reader.Lab.Plan;
        WanRequest request = action.Verb switch
        {
            DashboardWanVerb.Cut => new CutWanLinkRequest(Pair(plan, action.Subject)),
            DashboardWanVerb.Heal => new HealWanLinkRequest(Pair(plan, action.Subject)),
            DashboardWanVerb.Set => new SetWanLinkRequest(Pair(plan, action.Subject), action.RttMs, action.JitterMs, action.LossPercent),
            DashboardWanVerb.Isolate => new IsolateRegionRequest(Region(plan, action.Subject)),
            DashboardWanVerb.Rejoin => new RejoinRegionRequest(Region(plan, action.Subject)),
            _ => throw new ArgumentOutOfRangeException(nameof(action), action.Verb, null),
        };
        await new LabSupervisorClient(reader.Lab).SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The fault as `meridian chaos FAULT --target TARGET` injects it: the same resolver and the same injector.</summary>
    public async Task<IReadOnlyList<DashboardFaultEvent>> InjectFaultAsync(FaultKind kind, string target, TimeSpan duration, CancellationToken cancellationToken)
    {
        string resolved;
        try
        {
            resolved = FaultTargetResolver.Resolve(reader.Lab.Plan, kind, string.IsNullOrEmpty(target) ? null : target);
        }
        catch (LabException e)
        {
            throw new DashboardInputException(e.Message, e.Hint);
        }

        var events = new List<DashboardFaultEvent>();
        var injector = new FaultInjector(reader.Lab, e =>
        {
            lock (events)
            {
                events.Add(new DashboardFaultEvent(e.At, e.Fault, e.Target, e.Action, e.Pid, e.Detail));
            }
        });
        await injector.InjectAsync(kind, resolved, duration, cancellationToken).ConfigureAwait(false);
        lock (events)
        {
            return [.. events];
        }
    }

    private static string Region(ClusterPlan plan, string region) =>
        plan.Regions.Any(r => r.Name == region)
            ? region
            : throw new DashboardInputException($"no region '{region}' in this lab", "use one of: " + string.Join(", ", plan.Regions.Select(r => r.Name)));

    private static string Pair(ClusterPlan plan, string pair)
    {
        var ends = pair.Split('~');
        return ends.Length == 2 && ends[0] != ends[1] && plan.Regions.Any(r => r.Name == ends[0]) && plan.Regions.Any(r => r.Name == ends[1])
            ? pair
            : throw new DashboardInputException($"'{pair}' is not a region pair of this lab", "write two different regions joined by '~', e.g. " + string.Join(", ", plan.Tunnels.Select(t => $"{t.InitiatorRegion}~{t.ResponderRegion}")));
    }

    /// <summary>The last RTT measured through <paramref name="tunnel"/>; starts a new measurement when that one is old.</summary>
    private Task<double?> RecentRttAsync(TunnelView tunnel, CancellationToken cancellationToken)
    {
        var pair = $"{tunnel.Initiator}~{tunnel.Responder}";
        lock (gate)
        {
            var now = clock.GetUtcNow();
            var stale = !measuredAt.TryGetValue(pair, out var at) || now - at >= RttInterval;
            if (stale && measuring.Add(pair))
            {
                _ = MeasureAsync(tunnel, pair);
            }

            return Task.FromResult(lastRtt.GetValueOrDefault(pair));
        }
    }

    private async Task MeasureAsync(TunnelView tunnel, string pair)
    {
        double? rtt = null;
        try
        {
            rtt = await reader.MeasureRttAsync(tunnel, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // A failed ping is "no reply", as in `meridian status`.
        }
        finally
        {
            lock (gate)
            {
                lastRtt[pair] = rtt;
                measuredAt[pair] = clock.GetUtcNow();
                measuring.Remove(pair);
            }
        }
    }

    /// <summary>The last recovery epoch read (null before the first read ends); starts a new read when that one is old.</summary>
    private DashboardRecovery? RecentRecovery()
    {
        lock (gate)
        {
            var now = clock.GetUtcNow();
            var stale = recoveryReadAt is not { } at || now - at >= RecoveryInterval;
            if (stale && !readingRecovery)
            {
                readingRecovery = true;
                _ = ReadRecoveryAsync();
            }

            return lastRecovery;
        }
    }

    private async Task ReadRecoveryAsync()
    {
        DashboardRecovery? read = null;
        try
        {
            using var timeout = new CancellationTokenSource(RecoveryReadTimeout);
            var view = await new LabSupervisorClient(reader.Lab).SendAsync(new RecoveryViewRequest(), timeout.Token).ConfigureAwait(false);
            read = LabSnapshotMapper.Recovery(view);
        }
        catch (Exception)
        {
            // The supervisor or etcd did not answer: the page keeps the last epoch it knew, and the snapshot's problems
            // already say why the lab cannot be read.
        }
        finally
        {
            lock (gate)
            {
                lastRecovery = read ?? lastRecovery;
                recoveryReadAt = clock.GetUtcNow();
                readingRecovery = false;
            }
        }
    }
}
