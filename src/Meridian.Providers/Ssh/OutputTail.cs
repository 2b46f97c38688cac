namespace Meridian.Providers.Ssh;

/// <summary>The end of what a remote command printed, on one line, for a located error (docs/providers.md, "Errors").</summary>
internal static class OutputTail
{
    /// <summary>The last <paramref name="lines"/> non-empty lines of <paramref name="output"/>, trimmed and joined with " | ".</summary>
    public static string Of(string output, int lines = 3) =>
        string.Join(" | ", output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).TakeLast(lines));
}
