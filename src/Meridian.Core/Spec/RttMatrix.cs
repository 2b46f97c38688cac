using System.Collections.Immutable;

namespace Meridian.Core.Spec;

/// <summary>Round-trip times between every pair of regions. Symmetric: the one-way delay is half the RTT each way.</summary>
public sealed record RttMatrix(ImmutableSortedDictionary<string, TimeSpan> ByPair)
{
    /// <summary>Used for a pair the spec leaves out (with a warning).</summary>
    public static readonly TimeSpan DefaultRtt = TimeSpan.FromMilliseconds(100);

    public TimeSpan this[RegionPair pair] => ByPair.TryGetValue(pair.ToString(), out var rtt) ? rtt : DefaultRtt;

    public TimeSpan Get(string a, string b) => a == b ? TimeSpan.Zero : this[new RegionPair(a, b)];

    public TimeSpan Max => ByPair.IsEmpty ? TimeSpan.Zero : ByPair.Values.Max();

    public static RttMatrix From(IEnumerable<KeyValuePair<RegionPair, TimeSpan>> pairs) =>
        new(pairs.ToImmutableSortedDictionary(p => p.Key.ToString(), p => p.Value, StringComparer.Ordinal));

    /// <summary>Every pair of the given regions, in spec order, with its RTT (defaulted where missing).</summary>
    public static RttMatrix Complete(IReadOnlyList<string> regions, IReadOnlyDictionary<RegionPair, TimeSpan> given)
    {
        var all = new List<KeyValuePair<RegionPair, TimeSpan>>();
        for (var i = 0; i < regions.Count; i++)
        {
            for (var j = i + 1; j < regions.Count; j++)
            {
                var pair = new RegionPair(regions[i], regions[j]);
                all.Add(new(pair, given.TryGetValue(pair, out var rtt) ? rtt : DefaultRtt));
            }
        }

        return From(all);
    }
}
