using System.Globalization;

namespace Meridian.Runtime.Lab.Control;

/// <summary>
/// The values `meridian wan set` takes, as text: a time ("80ms", "0.2s", 0 to 10 s) for --rtt and --jitter, a
/// percentage ("0.5%", 0 to 100) for --loss. The CLI and the dashboard's lab controls parse them here, so both accept
/// exactly the same input (docs/dashboard.md, "Lab controls").
/// </summary>
public static class WanSettingText
{
    public const double MaxMilliseconds = 10_000;

    /// <summary>Milliseconds from "80ms", "0.2s" or a bare number of milliseconds; false when not a time from 0 to 10 s.</summary>
    public static bool TryParseMilliseconds(string text, out double milliseconds)
    {
        ArgumentNullException.ThrowIfNull(text);
        milliseconds = 0;
        var trimmed = text.Trim();
        var (number, scale) = trimmed.EndsWith("ms", StringComparison.Ordinal) ? (trimmed[..^2], 1.0)
            : trimmed.EndsWith('s') ? (trimmed[..^1], 1000.0)
            : (trimmed, 1.0);
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value < 0 || value * scale > MaxMilliseconds)
        {
            return false;
        }

        milliseconds = value * scale;
        return true;
    }

    /// <summary>A percentage from "0.5%" or "0.5"; false when not a number from 0 to 100.</summary>
    public static bool TryParsePercent(string text, out double percent)
    {
        ArgumentNullException.ThrowIfNull(text);
        percent = 0;
        if (!double.TryParse(text.Trim().TrimEnd('%'), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value is < 0 or > 100)
        {
            return false;
        }

        percent = value;
        return true;
    }

    /// <summary>What to write instead of a bad --rtt or --jitter value.</summary>
    public static string MillisecondsFix(string option) => $"write e.g. {option} 80ms or {option} 0.2s (0 to 10 s)";

    /// <summary>What to write instead of a bad --loss value.</summary>
    public const string PercentFix = "write e.g. --loss 0.5% (0 to 100)";
}
