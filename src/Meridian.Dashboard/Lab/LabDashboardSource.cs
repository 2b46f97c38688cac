using Meridian.Core.Dashboard;
using Meridian.Runtime.Lab;
using Meridian.Runtime.Lab.Control;

namespace Meridian.Dashboard.Lab;

/// <summary>
/// The local lab's dashboard facts, read through <see cref="LabStatusReader"/> like `meridian status` does. Measuring
/// RTT through a tunnel takes three pings 0.2 s apart (up to 2 s with no reply), too slow for one snapshot a second: it
/// runs in the background at most every <see cref="RttInterval"/>, and each snapshot takes the last value. Cut and heal
/// go to the supervisor as the same requests `meridian wan cut|heal` sends.
/// </summary>
public sealed class LabDashboardSource(LabStatusReader reader, TimeProvider clock) : IDashboardSource, IDashboardLabControls
{
    public static readonly TimeSpan RttInterval = TimeSpan.FromSeconds(5);

    private readonly Lock gate = new();
    private readonly Dictionary<string, double?> lastRtt = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> measuredAt = new(StringComparer.Ordinal);
    private readonly HashSet<string> measuring = new(StringComparer.Ordinal);

    public async Task<DashboardSnapshot> SnapshotAsync(CancellationToken cancellationToken)
    {
        var takenAt = clock.GetUtcNow();
        try
        {
            var status = await reader.ReadAsync(RecentRttAsync, cancellationToken).ConfigureAwait(false);
            return LabSnapshotMapper.Map(reader.Lab.Plan, status, takenAt, []);
        }
        catch (LabException e)
        {
            return LabSnapshotMapper.Map(reader.Lab.Plan, null, takenAt, [$"{e.Message}; fix: {e.Hint}"]);
        }
    }

    public async Task SetLinkCutAsync(string pair, bool cut, CancellationToken cancellationToken)
    {
        WanRequest request = cut ? new CutWanLinkRequest(pair) : new HealWanLinkRequest(pair);
        await new LabSupervisorClient(reader.Lab).SendAsync(request, cancellationToken).ConfigureAwait(false);
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
}
