using System.Collections.Immutable;

namespace Meridian.Core.Spec;

/// <summary>
/// The jitter and loss the spec declares per region pair (<c>wan.jitter</c>, <c>wan.loss</c>; docs/spec.md#wan).
/// Jitter is the ± spread of each direction's one-way delay (uniform, as the lab's WAN hub and
/// <c>meridian wan set --jitter</c> apply it), already resolved to a time when the spec gave a percentage of the RTT.
/// Loss is a probability per packet and direction. A pair the spec leaves out has none declared.
/// </summary>
public sealed record WanImpairments(ImmutableSortedDictionary<string, TimeSpan> JitterByPair, ImmutableSortedDictionary<string, double> LossByPair)
{
    /// <summary>Nothing declared: the lab starts every link without jitter or loss, as before these keys existed.</summary>
    public static readonly WanImpairments None = new(
        ImmutableSortedDictionary.Create<string, TimeSpan>(StringComparer.Ordinal),
        ImmutableSortedDictionary.Create<string, double>(StringComparer.Ordinal));

    public bool IsEmpty => JitterByPair.IsEmpty && LossByPair.IsEmpty;

    public TimeSpan Jitter(RegionPair pair) => JitterByPair.TryGetValue(pair.ToString(), out var jitter) ? jitter : TimeSpan.Zero;

    public double Loss(RegionPair pair) => LossByPair.TryGetValue(pair.ToString(), out var loss) ? loss : 0;

    public static WanImpairments From(IEnumerable<KeyValuePair<RegionPair, TimeSpan>> jitter, IEnumerable<KeyValuePair<RegionPair, double>> loss) => new(
        jitter.Where(p => p.Value > TimeSpan.Zero).ToImmutableSortedDictionary(p => p.Key.ToString(), p => p.Value, StringComparer.Ordinal),
        loss.Where(p => p.Value > 0).ToImmutableSortedDictionary(p => p.Key.ToString(), p => p.Value, StringComparer.Ordinal));
}
