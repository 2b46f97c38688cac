namespace Meridian.Core.Dashboard;

/// <summary>
/// A short history per chart series, taken from successive snapshots: the measured RTT of each tunnel
/// ("rtt:A~B", ms), and per node the flow-control paused fraction ("fc:HOST") and wsrep_last_committed ("seqno:HOST",
/// the page derives commits/s from it). Each series keeps its last <see cref="Capacity"/> points. Not thread-safe.
/// </summary>
public sealed class DashboardHistory(int capacity)
{
    private readonly Dictionary<string, RingBuffer<DashboardPoint>> series = new(StringComparer.Ordinal);

    public int Capacity { get; } = capacity;

    public void Add(DashboardSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        foreach (var tunnel in snapshot.Tunnels)
        {
            if (tunnel.MeasuredRttMs is { } rtt)
            {
                Series("rtt:" + tunnel.Pair).Add(new(snapshot.TakenAt, rtt));
            }
        }

        foreach (var node in snapshot.AllNodes().Where(n => n.State != DashboardNode.NoReport))
        {
            Series("fc:" + node.Host).Add(new(snapshot.TakenAt, node.FlowControlPaused));
            Series("seqno:" + node.Host).Add(new(snapshot.TakenAt, node.LastCommitted));
        }
    }

    /// <summary>Every series by name, each oldest point first.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<DashboardPoint>> ToDictionary() =>
        series.ToDictionary(s => s.Key, s => s.Value.ToList(), StringComparer.Ordinal);

    private RingBuffer<DashboardPoint> Series(string name)
    {
        if (!series.TryGetValue(name, out var buffer))
        {
            buffer = new RingBuffer<DashboardPoint>(Capacity);
            series[name] = buffer;
        }

        return buffer;
    }
}

/// <summary>One value of a chart series at the time of its snapshot.</summary>
public sealed record DashboardPoint(DateTimeOffset At, double Value);
