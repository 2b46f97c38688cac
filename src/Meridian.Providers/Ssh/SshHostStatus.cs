using System.Collections.Immutable;
using Meridian.Core.Hosts;

namespace Meridian.Providers.Ssh;

/// <summary>
/// One host of an ssh cluster as `meridian status` shows it: reached or why not, its agent's PID, the agent's health
/// answer (a Galera node: its state; 200 only when Synced and serving) and every daemon the agent runs.
/// </summary>
public sealed record SshHostStatus(
    string Host,
    string Region,
    string Address,
    string? Error,
    int? AgentPid,
    int HealthCode,
    string Health,
    ImmutableArray<DaemonSnapshot> Daemons)
{
    public bool Healthy => Error is null && HealthCode == 200;
}
