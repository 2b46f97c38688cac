using System.Globalization;
using Meridian.Runtime.HostFiles;

namespace Meridian.Agent;

/// <summary>
/// Line-per-event log at paths.agentLog, flushed at once so a kill -9 loses nothing already logged. root:root 0640,
/// opened with O_NOFOLLOW (log/ is root's, this is defence in depth; docs/security.md, "Host privileges and secrets").
/// </summary>
public sealed class AgentLog : IDisposable
{
    /// <summary>Logs are 0640 or tighter, their directories 0750 (issue 11).</summary>
    public const UnixFileMode LogFileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead;

    public const UnixFileMode LogDirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute;

    private readonly StreamWriter _writer;
    private readonly Lock _gate = new();

    public AgentLog(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!, LogDirectoryMode);
        _writer = new StreamWriter(NoFollowFiles.OpenAppendAsRoot(path, LogFileMode)) { AutoFlush = true };
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
