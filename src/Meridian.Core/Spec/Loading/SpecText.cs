using System.Globalization;

namespace Meridian.Core.Spec.Loading;

/// <summary>How a user's value appears in a diagnostic: whole when short, else its start and its length.</summary>
internal static class SpecText
{
    /// <summary>"aaaa…" cut to <see cref="SpecLimits.EchoKeep"/> characters plus "… (N chars)" when longer than <see cref="SpecLimits.EchoMaxLength"/>.</summary>
    public static string Echo(string value) => Echo(value, SpecLimits.EchoMaxLength, SpecLimits.EchoKeep);

    /// <summary>The same cut for longer text, such as a parser message that may quote an anchor or tag of any length.</summary>
    public static string Echo(string value, int maxLength, int keepLength)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length <= maxLength)
        {
            return value;
        }

        // Never cut a surrogate pair in half: the result must stay valid UTF-16 for the console and JSON.
        var keep = char.IsHighSurrogate(value[keepLength - 1]) ? keepLength - 1 : keepLength;
        return string.Create(CultureInfo.InvariantCulture, $"{value[..keep]}… ({value.Length} chars)");
    }
}
