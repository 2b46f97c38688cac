using Meridian.Core.Hosts;

namespace Meridian.Runtime.Hosts;

/// <summary>
/// Judges the <see cref="StartCondition"/>s a host's daemons declare, for the runner. Supplied by whoever runs the host:
/// the host agent or the lab supervisor answers <see cref="StartCondition.ArbitratorMayJoin"/> from the agents' reports
/// in etcd with Decisions.ArbitratorStartDecision. The runner asks before every start and restart.
/// </summary>
public interface IStartConditions
{
    Task<StartConditionResult> CheckAsync(string host, StartCondition condition, CancellationToken cancellationToken);
}

/// <summary>Whether a condition holds now, and why (shown while the daemon waits).</summary>
public sealed record StartConditionResult(bool Met, string Reason);
