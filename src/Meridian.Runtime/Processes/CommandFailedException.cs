namespace Meridian.Runtime.Processes;

/// <summary>A command exited non-zero, timed out or could not be started. The message names the command line and its stderr.</summary>
public sealed class CommandFailedException : Exception
{
    public CommandFailedException()
        : this("A command failed.")
    {
    }

    public CommandFailedException(string message)
        : base(message)
    {
        CommandLine = string.Empty;
        StandardError = string.Empty;
    }

    public CommandFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
        CommandLine = string.Empty;
        StandardError = string.Empty;
    }

    public CommandFailedException(string commandLine, int? exitCode, string standardError, bool timedOut, Exception? innerException = null)
        : base(Describe(commandLine, exitCode, standardError, timedOut, innerException), innerException)
    {
        CommandLine = commandLine;
        ExitCode = exitCode;
        StandardError = standardError;
        TimedOut = timedOut;
    }

    public string CommandLine { get; }

    /// <summary>Null when the process never started or was killed on timeout.</summary>
    public int? ExitCode { get; }

    public string StandardError { get; }

    public bool TimedOut { get; }

    private static string Describe(string commandLine, int? exitCode, string standardError, bool timedOut, Exception? inner)
    {
        var what = timedOut ? "timed out"
            : exitCode is { } code ? $"exited with {code}"
            : $"could not be started ({inner?.Message})";
        var stderr = standardError.Trim();
        return stderr.Length == 0 ? $"`{commandLine}` {what}." : $"`{commandLine}` {what}: {stderr}";
    }
}
