using System.Threading.Channels;
using Meridian.Core.Dashboard;

namespace Meridian.Dashboard;

/// <summary>
/// The dashboard's live state: the last snapshot, the recent timeline and the chart history, and every connected page
/// (a bounded channel each, so a slow page drops its oldest messages instead of holding memory).
/// </summary>
public sealed class DashboardHub(DashboardOptions options)
{
    private readonly Lock gate = new();
    private readonly RingBuffer<DashboardEvent> timeline = new(options.TimelineCapacity);
    private readonly DashboardHistory history = new(options.HistoryCapacity);
    private readonly List<Channel<DashboardMessage>> subscribers = [];
    private readonly RingBuffer<MetricsRound> rounds = new(options.MetricsCapacity);

    /// <summary>The charts from the metric rounds so far (<see cref="DashboardCharts"/>).</summary>
    public ChartSet Charts { get; private set; } = ChartSet.Empty;

    public DashboardSnapshot? Latest { get; private set; }

    /// <summary>Takes <paramref name="snapshot"/> as the latest, derives its timeline events, and sends both to every page.</summary>
    public IReadOnlyList<DashboardEvent> Publish(DashboardSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        lock (gate)
        {
            var events = DashboardTimeline.Between(Latest, snapshot);
            Latest = snapshot;
            history.Add(snapshot);
            foreach (var e in events)
            {
                timeline.Add(e);
            }

            foreach (var subscriber in subscribers)
            {
                foreach (var e in events)
                {
                    subscriber.Writer.TryWrite(new DashboardMessage("timeline", e));
                }

                subscriber.Writer.TryWrite(new DashboardMessage("snapshot", snapshot));
            }

            return events;
        }
    }

    /// <summary>
    /// Takes one scrape of the agents; when it makes a new chart point, the charts go to every page. Points lie on
    /// multiples of the step, so a page gets new charts once per step, not once per scrape.
    /// </summary>
    public void AddMetrics(MetricsRound round)
    {
        ArgumentNullException.ThrowIfNull(round);
        lock (gate)
        {
            rounds.Add(round);
            var all = rounds.ToList();
            var regionOrder = Latest is { } latest
                ? latest.Regions.Select(r => r.Name).ToList()
                : all.SelectMany(r => r.Nodes.Select(n => n.Region)).Distinct(StringComparer.Ordinal).ToList();
            var charts = DashboardCharts.Build(all, regionOrder, options.ChartStep, options.LatencyWindow);
            var changed = charts.To != Charts.To;
            Charts = charts;
            if (changed)
            {
                foreach (var subscriber in subscribers)
                {
                    subscriber.Writer.TryWrite(new DashboardMessage("charts", charts));
                }
            }
        }
    }

    public IReadOnlyList<DashboardEvent> Timeline()
    {
        lock (gate)
        {
            return timeline.ToList();
        }
    }

    public IReadOnlyDictionary<string, IReadOnlyList<DashboardPoint>> History()
    {
        lock (gate)
        {
            return history.ToDictionary();
        }
    }

    /// <summary>A new page's channel, primed with the recent timeline and the latest snapshot.</summary>
    public Channel<DashboardMessage> Subscribe()
    {
        var channel = Channel.CreateBounded<DashboardMessage>(new BoundedChannelOptions(options.TimelineCapacity + 16)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
        });
        lock (gate)
        {
            foreach (var e in timeline.ToList())
            {
                channel.Writer.TryWrite(new DashboardMessage("timeline", e));
            }

            if (Latest is { } latest)
            {
                channel.Writer.TryWrite(new DashboardMessage("snapshot", latest));
            }

            if (Charts.To is not null)
            {
                channel.Writer.TryWrite(new DashboardMessage("charts", Charts));
            }

            subscribers.Add(channel);
        }

        return channel;
    }

    public void Unsubscribe(Channel<DashboardMessage> channel)
    {
        ArgumentNullException.ThrowIfNull(channel);
        lock (gate)
        {
            subscribers.Remove(channel);
        }

        channel.Writer.TryComplete();
    }
}

/// <summary>One Server-Sent Event: its event name ("snapshot", "timeline", "charts") and its JSON data.</summary>
public sealed record DashboardMessage(string Event, object Data);
