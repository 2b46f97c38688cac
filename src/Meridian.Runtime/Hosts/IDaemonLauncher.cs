using Meridian.Core.Hosts;

namespace Meridian.Runtime.Hosts;

/// <summary>
/// Starts a declared daemon's process: the one place a long-running daemon is started (short commands go through
/// <see cref="Processes.ICommandRunner"/>). Returns at once with the daemon's PID and start time; readiness is the
/// runner's concern.
/// </summary>
public interface IDaemonLauncher
{
    /// <param name="extraArguments">Appended for this start only (mariadbd's <c>--wsrep-new-cluster</c>).</param>
    LaunchedDaemon Launch(DaemonDefinition daemon, HostContext context, IEnumerable<string>? extraArguments = null);
}
