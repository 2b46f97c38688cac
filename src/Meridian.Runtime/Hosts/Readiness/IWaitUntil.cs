namespace Meridian.Runtime.Hosts.Readiness;

/// <summary>
/// One readiness check, asked again and again until it passes (the shape of Testcontainers' <c>IWaitUntil</c>). The
/// loop around it, with its timeout, exit detection and error, is <see cref="ReadinessWaiter"/>, the same for every
/// daemon. A check answers false while not ready; an exception counts as not ready and its message is kept for the error.
/// </summary>
public interface IWaitUntil
{
    Task<bool> UntilAsync(ProbeTarget target, CancellationToken cancellationToken);
}

/// <summary>What a check looks at: the started process and where the host's network is.</summary>
public sealed record ProbeTarget(LaunchedDaemon Process, HostContext Context, Processes.ICommandRunner Commands);
