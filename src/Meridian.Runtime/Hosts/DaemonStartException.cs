using Meridian.Core.Hosts;

namespace Meridian.Runtime.Hosts;

/// <summary>
/// A declared daemon did not start: it exited before its readiness probe passed, the probe did not pass in time, a
/// pre-start check failed, or another instance still runs. The message names the host, the daemon, what was expected
/// and the tail of its logs.
/// </summary>
public sealed class DaemonStartException : Exception
{
    public DaemonStartException()
        : this("a daemon did not start")
    {
    }

    public DaemonStartException(string message)
        : base(message)
    {
        Host = string.Empty;
        Daemon = string.Empty;
        LogTail = string.Empty;
    }

    public DaemonStartException(string message, Exception innerException)
        : base(message, innerException)
    {
        Host = string.Empty;
        Daemon = string.Empty;
        LogTail = string.Empty;
    }

    public DaemonStartException(string host, DaemonDefinition daemon, string what, string logTail, Exception? innerException = null)
        : base(logTail.Length == 0 ? $"{daemon?.Name} on {host} {what}." : $"{daemon?.Name} on {host} {what}. Its logs end:\n{logTail}", innerException)
    {
        ArgumentNullException.ThrowIfNull(daemon);
        Host = host;
        Daemon = daemon.Name;
        What = what;
        LogTail = logTail;
    }

    public string Host { get; }

    public string Daemon { get; }

    /// <summary>What went wrong, without the log tail: a status line's reason.</summary>
    public string What { get; } = string.Empty;

    public string LogTail { get; }
}
