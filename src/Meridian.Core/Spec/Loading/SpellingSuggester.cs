namespace Meridian.Core.Spec.Loading;

/// <summary>
/// "Did you mean 'X'?" for misspelt keys, region names and choices. Uses the optimal string alignment
/// distance (Damerau–Levenshtein with adjacent transpositions), because swapped letters ("regoins") are the
/// most common typo and should cost one edit, not two.
/// </summary>
internal static class SpellingSuggester
{
    /// <summary>The closest candidate, or null when none is close enough to be a plausible typo.</summary>
    public static string? Closest(string typed, IEnumerable<string> candidates)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            var distance = Distance(typed.ToLowerInvariant(), candidate.ToLowerInvariant());
            if (distance < bestDistance && distance <= Tolerance(candidate))
            {
                (best, bestDistance) = (candidate, distance);
            }
        }

        return best;
    }

    /// <summary>"did you mean 'X'? " (ready to prefix a hint), or an empty string when nothing is close.</summary>
    public static string DidYouMean(string typed, IEnumerable<string> candidates) =>
        Closest(typed, candidates) is { } match ? $"did you mean '{match}'? " : string.Empty;

    /// <summary>About one edit per three letters: "sst" tolerates one typo, "durability" three.</summary>
    private static int Tolerance(string candidate) => Math.Max(1, candidate.Length / 3);

    internal static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
