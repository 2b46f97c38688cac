using System.Globalization;

namespace Meridian.Core.Spec.Loading;

/// <summary>Parses a round-trip time: "65ms", "1.5s", or a bare number meaning milliseconds.</summary>
internal static class RttText
{
    public static bool TryParseMilliseconds(string text, out double milliseconds)
    {
        var trimmed = text.Trim();
        var scale = 1.0;
        if (trimmed.EndsWith("ms", StringComparison.OrdinalIgnoreCase))
        {
            trimmed = trimmed[..^2];
        }
        else if (trimmed.EndsWith('s') || trimmed.EndsWith('S'))
        {
            trimmed = trimmed[..^1];
            scale = 1000.0;
        }

        if (double.TryParse(trimmed.TrimEnd(), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number)
            && double.IsFinite(number))
        {
            milliseconds = number * scale;
            return true;
        }

        milliseconds = 0;
        return false;
    }
}
