using System.Globalization;

namespace Meridian.Agent;

/// <summary>Line-per-event log at paths.agentLog, flushed at once so a kill -9 loses nothing already logged.</summary>
public sealed class AgentLog : IDisposable
{
    private readonly StreamWriter _writer;
    private readonly Lock _gate = new();

    public AgentLog(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        _writer = new StreamWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
    }

    public void Info(string message) => Write("INFO", message);

    public void Warn(string message) => Write("WARN", message);

    public void Dispose() => _writer.Dispose();

    private void Write(string level, string message)
    {
        var line = string.Create(CultureInfo.InvariantCulture, $"{DateTimeOffset.UtcNow:yyyy-MM-ddTHH:mm:ss.fffZ} {level} {message}");
        lock (_gate)
        {
            _writer.WriteLine(line);
        }
    }
}
