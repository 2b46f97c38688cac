using System.Text;
using Meridian.Core.Hosts;

namespace Meridian.Runtime.Hosts;

/// <summary>The last lines of a daemon's logs, for errors: its stdout/stderr file first, then the logs it writes itself.</summary>
public static class LogTail
{
    /// <summary>Only the end of a file is read: a daemon that retried for hours has a long log, and the last lines decide.</summary>
    private const int TailBytes = 64 * 1024;

    public static string Of(DaemonDefinition daemon, int lines = 15)
    {
        ArgumentNullException.ThrowIfNull(daemon);
        var text = new StringBuilder();
        foreach (var path in new[] { daemon.LogFile }.Concat(daemon.OwnLogFiles).OfType<string>())
        {
            var tail = Read(path, lines);
            if (tail.Count > 0)
            {
                text.Append("==> ").Append(path).Append(" <==\n");
                foreach (var line in tail)
                {
                    text.Append(line).Append('\n');
                }
            }
        }

        return text.Length == 0 ? "(its logs are empty)" : text.ToString().TrimEnd('\n');
    }

    private static List<string> Read(string path, int lines)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            stream.Seek(Math.Max(0, stream.Length - TailBytes), SeekOrigin.Begin);
            using var reader = new StreamReader(stream);
            var all = new List<string>();
            while (reader.ReadLine() is { } line)
            {
                all.Add(line);
            }

            return all.TakeLast(lines).ToList();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }
}
