namespace Meridian.Cli;

/// <summary>Process exit codes. Scripts can rely on these.</summary>
public static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The operation failed (a daemon did not start, a check did not pass).</summary>
    public const int Failure = 1;

    /// <summary>The input was wrong: a malformed spec, a bad flag, an impossible topology. Nothing was created.</summary>
    public const int InvalidInput = 2;

    /// <summary>The command needs root (network namespaces, mounts).</summary>
    public const int NeedsRoot = 3;

    /// <summary>Interrupted by Ctrl-C; re-running the command converges.</summary>
    public const int Interrupted = 130;
}
