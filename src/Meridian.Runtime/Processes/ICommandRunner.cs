namespace Meridian.Runtime.Processes;

/// <summary>
/// Runs external programs (iproute2, iptables, sysctl, …). The only way the runtime touches the world through
/// processes, so callers can be tested with a recording runner.
/// </summary>
public interface ICommandRunner
{
    /// <summary>
    /// Runs the command to completion and captures stdout, stderr and the exit code.
    /// Throws <see cref="CommandFailedException"/> on a non-zero exit (unless <see cref="CommandRequest.ThrowOnFailure"/>
    /// is false), on timeout and when the program cannot be started; throws <see cref="OperationCanceledException"/>
    /// when <paramref name="cancellationToken"/> fires. In both of the latter cases the child is killed.
    /// </summary>
    Task<CommandResult> RunAsync(CommandRequest request, CancellationToken cancellationToken = default);
}
