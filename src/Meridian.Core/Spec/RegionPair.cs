namespace Meridian.Core.Spec;

/// <summary>An unordered pair of regions, normalised so that <see cref="A"/> sorts before <see cref="B"/> ordinally. Written "a~b".</summary>
public readonly record struct RegionPair
{
    public RegionPair(string first, string second)
    {
        if (string.CompareOrdinal(first, second) <= 0)
        {
            (A, B) = (first, second);
        }
        else
        {
            (A, B) = (second, first);
        }
    }

    public string A { get; }

    public string B { get; }

    public bool Contains(string region) => A == region || B == region;

    public string Other(string region) => A == region ? B : A;

    public override string ToString() => $"{A}~{B}";

    /// <summary>Parses "a~b". Returns false when there is no single '~' or a side is empty.</summary>
    public static bool TryParse(string text, out RegionPair pair)
    {
        pair = default;
        var parts = text.Split('~');
        if (parts.Length != 2 || parts[0].Trim().Length == 0 || parts[1].Trim().Length == 0)
        {
            return false;
        }

        pair = new RegionPair(parts[0].Trim(), parts[1].Trim());
        return true;
    }
}
