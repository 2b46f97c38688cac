namespace Meridian.Runtime.Processes;

/// <summary>What a finished command printed and how it exited.</summary>
public sealed record CommandResult(CommandRequest Request, int ExitCode, string StandardOutput, string StandardError, TimeSpan Elapsed)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>Throws <see cref="CommandFailedException"/> unless the command exited with 0.</summary>
    public CommandResult EnsureSuccess() =>
        Succeeded ? this : throw new CommandFailedException(Request.CommandLine, ExitCode, StandardError, timedOut: false);
}
