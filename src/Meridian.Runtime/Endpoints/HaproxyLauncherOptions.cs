namespace Meridian.Runtime.Endpoints;

/// <summary>Where HAProxy lives and how long it may take to start and stop.</summary>
public sealed record HaproxyLauncherOptions
{
    /// <summary>Debian's haproxy package installs it here (<c>dpkg -L haproxy</c>).</summary>
    public string HaproxyProgram { get; init; } = "/usr/sbin/haproxy";

    /// <summary>The user every HAProxy process runs as; Debian's haproxy package creates it (docs/security.md, "Which process runs as which user").</summary>
    public string User { get; init; } = Core.Planning.DaemonUsers.Haproxy;

    /// <summary>HAProxy binds within milliseconds; the slack is for a busy 2-core box with builds running in parallel.</summary>
    public TimeSpan ReadyTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How long SIGTERM (hard stop: the master ends its workers and their sessions) may take before SIGKILL.</summary>
    public TimeSpan StopGrace { get; init; } = TimeSpan.FromSeconds(5);
}
