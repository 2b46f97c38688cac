using System.Globalization;
using System.Text.Json;

namespace Meridian.Integration.Tests.Etcd;

/// <summary>Reads etcd's zap JSON log (one object per line with "ts" and "msg"), for timings and for what the server saw.</summary>
internal static class EtcdLogReader
{
    /// <summary>The first line at or after <paramref name="since"/> whose msg contains <paramref name="message"/>.</summary>
    public static DateTimeOffset? FirstAfter(string logFile, string message, DateTimeOffset since)
    {
        foreach (var line in Lines(logFile))
        {
            if (TryParse(line, out var ts, out var msg) && ts >= since && msg.Contains(message, StringComparison.Ordinal))
            {
                return ts;
            }
        }

        return null;
    }

    public static string[] Lines(string logFile)
    {
        // etcd keeps the file open for writing; share it so the read doesn't fail.
        using var stream = new FileStream(logFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    private static bool TryParse(string line, out DateTimeOffset timestamp, out string message)
    {
        timestamp = default;
        message = string.Empty;
        try
        {
            using var json = JsonDocument.Parse(line);
            if (json.RootElement.TryGetProperty("ts", out var ts) && json.RootElement.TryGetProperty("msg", out var msg)
                && DateTimeOffset.TryParse(ts.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out timestamp))
            {
                message = msg.GetString() ?? string.Empty;
                return true;
            }
        }
        catch (JsonException)
        {
        }

        return false;
    }
}
