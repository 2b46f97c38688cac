using System.Globalization;

namespace Meridian.Core.Hosts;

/// <summary>An agent's raw HTTP/1.0 answer (it answers and closes), read over SSH on its host or over a socket in its namespace: status code and body. Pure parser.</summary>
public sealed record AgentHttpReply(int StatusCode, string Body)
{
    /// <summary>No answer: nothing listens, or the agent did not reply in time.</summary>
    public static readonly AgentHttpReply None = new(0, string.Empty);

    public bool Ok => StatusCode == 200;

    /// <summary>Parses <c>HTTP/1.x CODE REASON</c>, headers, a blank line and the body; anything else is <see cref="None"/>.</summary>
    public static AgentHttpReply Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var normalized = text.Replace("\r\n", "\n", StringComparison.Ordinal);
        var firstLine = normalized.Split('\n', 2)[0].Split(' ', 3);
        if (firstLine.Length < 2 || !firstLine[0].StartsWith("HTTP/", StringComparison.Ordinal)
            || !int.TryParse(firstLine[1], NumberStyles.None, CultureInfo.InvariantCulture, out var code))
        {
            return None;
        }

        var bodyStart = normalized.IndexOf("\n\n", StringComparison.Ordinal);
        return new AgentHttpReply(code, bodyStart < 0 ? string.Empty : normalized[(bodyStart + 2)..].Trim());
    }
}
