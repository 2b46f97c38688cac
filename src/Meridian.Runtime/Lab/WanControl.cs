using System.Globalization;
using Meridian.Core.Spec;
using Meridian.Runtime.Fabric;
using Meridian.Runtime.Lab.Control;

namespace Meridian.Runtime.Lab;

/// <summary>One directed WAN link as `meridian wan show` prints it.</summary>
public sealed record WanLinkView(
    string From,
    string To,
    double RttMs,
    double JitterMs,
    double LossPercent,
    bool Cut,
    bool Isolated,
    long Packets,
    long Bytes,
    long Dropped,
    double MeanLatenessMs);

/// <summary>Applies `meridian wan …` requests (<see cref="WanRequest"/>) to the running hub. Validates names so a typo gets a clear answer.</summary>
public sealed class WanControl(WanHub hub)
{
    public IReadOnlyList<WanLinkView> Show() =>
        [.. hub.Snapshot().Links.Select(l => new WanLinkView(
            l.Link.From,
            l.Link.To,
            Math.Round(l.Settings.OneWayDelay.TotalMilliseconds * 2, 3),
            Math.Round(l.Settings.Jitter.TotalMilliseconds, 3),
            Math.Round(l.Settings.LossProbability * 100, 4),
            l.LinkCut,
            l.EndpointIsolated,
            l.Counters.ForwardedPackets,
            l.Counters.ForwardedBytes,
            l.Counters.DroppedPackets,
            Math.Round(l.Counters.MeanLateness.TotalMilliseconds, 3)))];

    /// <summary>Applies one request and returns every link as it is afterwards.</summary>
    public IReadOnlyList<WanLinkView> Apply(WanRequest request)
    {
        switch (request)
        {
            case WanShowRequest:
                break;
            case SetWanLinkRequest set:
                var pair = Pair(set.Pair);
                var current = hub.Snapshot().Get(pair.A, pair.B).Settings;
                var rtt = set.RttMs is { } ms ? TimeSpan.FromMilliseconds(ms) : current.OneWayDelay * 2;
                var jitter = set.JitterMs is { } j ? TimeSpan.FromMilliseconds(j) : current.Jitter;
                var loss = set.LossPercent is { } l ? l / 100 : current.LossProbability;
                hub.SetLink(pair, rtt, jitter, loss);
                break;
            case CutWanLinkRequest cut:
                hub.Cut(Pair(cut.Pair));
                break;
            case HealWanLinkRequest heal:
                hub.Heal(Pair(heal.Pair));
                break;
            case IsolateRegionRequest isolate:
                hub.Isolate(Region(isolate.Region));
                break;
            case RejoinRegionRequest rejoin:
                hub.Rejoin(Region(rejoin.Region));
                break;
            default:
                throw new ArgumentException($"unknown WAN request {request.GetType().Name}");
        }

        return Show();
    }

    private RegionPair Pair(string? text)
    {
        if (text is null || !RegionPair.TryParse(text, out var pair))
        {
            throw new ArgumentException($"'{text}' is not a region pair; write it as A~B, e.g. us-east-1~us-west-2");
        }

        Region(pair.A);
        Region(pair.B);
        if (pair.A == pair.B)
        {
            throw new ArgumentException($"'{text}' names the same region twice");
        }

        return pair;
    }

    private string Region(string? name)
    {
        if (name is null || !hub.Regions.Contains(name))
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"unknown region '{name}'; regions: {string.Join(", ", hub.Regions)}"));
        }

        return name;
    }
}
