namespace Meridian.Cli;

/// <summary>An error the user can act on. Printed as "error: MESSAGE" plus the hint, never with a stack trace.</summary>
public sealed class UserFacingException(string message, string hint, int exitCode = ExitCodes.Failure) : Exception(message)
{
    public string Hint { get; } = hint;

    public int ExitCode { get; } = exitCode;
}
