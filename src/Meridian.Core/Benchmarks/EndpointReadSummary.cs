using System.Collections.Immutable;

namespace Meridian.Core.Benchmarks;

/// <summary>
/// The endpoint reads of a campaign: how many were tried, how many were answered, and every read served while behind
/// (at most <see cref="MaxListed"/> listed; <see cref="ServedWhileBehind"/> counts them all).
/// </summary>
public sealed record EndpointReadSummary(int Attempted, int Answered, int ServedWhileBehind, ImmutableArray<StaleRead> Examples)
{
    public const int MaxListed = 20;

    public static EndpointReadSummary Of(DateTimeOffset runStart, IReadOnlyCollection<EndpointReadSample> samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var behind = samples.Where(s => s.ServedWhileBehind).OrderBy(s => s.At).ToList();
        return new EndpointReadSummary(
            samples.Count,
            samples.Count(s => s.Answered),
            behind.Count,
            [.. behind.Take(MaxListed).Select(s => new StaleRead(Math.Round((s.At - runStart).TotalSeconds, 1), s.Region, s.Node!, s.State ?? string.Empty, s.ClusterStatus ?? string.Empty))]);
    }
}
