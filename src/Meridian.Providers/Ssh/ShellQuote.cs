namespace Meridian.Providers.Ssh;

/// <summary>POSIX sh single quoting: everything between quotes is literal, and a quote is written as '\''.</summary>
public static class ShellQuote
{
    public static string Quote(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
    }
}
