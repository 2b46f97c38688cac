namespace Meridian.Core.Hosts;

/// <summary>
/// The one restart policy implementation: given a daemon's policy and how it ended, whether and when it starts again.
/// Pure, so every case is a table row (tests/Meridian.Core.Tests/Hosts/RestartDecisionTests.cs).
/// </summary>
public static class RestartDecision
{
    /// <param name="policy">The daemon's <see cref="DaemonDefinition.Restart"/>.</param>
    /// <param name="exit">How it ended; null when it never became ready (a failed start counts as a failure).</param>
    /// <param name="failuresBefore">Restarts in a row before this one that did not outlive the backoff's reset time.</param>
    /// <param name="ranFor">From its start to its exit.</param>
    public static RestartVerdict Decide(RestartPolicy policy, DaemonExit? exit, int failuresBefore, TimeSpan ranFor)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentOutOfRangeException.ThrowIfNegative(failuresBefore);
        switch (policy)
        {
            case SupervisedByAgent agent:
                return new RestartVerdict.LeaveTo(agent.Supervisor);
            case NeverRestart:
                return new RestartVerdict.Stay("its restart policy is never");
            case RestartOnFailure when exit is { Code: 0 }:
                return new RestartVerdict.Stay("it exited with 0 and restarts only on failure");
            case AlwaysRestart { Backoff: var backoff }:
                return Restart(backoff, exit, failuresBefore, ranFor);
            case RestartOnFailure { Backoff: var backoff }:
                return Restart(backoff, exit, failuresBefore, ranFor);
            default:
                throw new ArgumentOutOfRangeException(nameof(policy), policy, "unknown restart policy");
        }
    }

    private static RestartVerdict.Restart Restart(Backoff backoff, DaemonExit? exit, int failuresBefore, TimeSpan ranFor)
    {
        // A run that outlived the reset time was service, not a crash loop: start the count again.
        var inARow = exit is not null && ranFor >= backoff.EffectiveResetAfter ? 1 : failuresBefore + 1;
        return new RestartVerdict.Restart(backoff.DelayFor(inARow), inARow);
    }
}

/// <summary>The outcome of <see cref="RestartDecision.Decide"/>.</summary>
public abstract record RestartVerdict
{
    private RestartVerdict()
    {
    }

    /// <summary>Start again after <paramref name="Delay"/>; <paramref name="FailuresInARow"/> feeds the next decision.</summary>
    public sealed record Restart(TimeSpan Delay, int FailuresInARow) : RestartVerdict;

    /// <summary>Leave it exited.</summary>
    public sealed record Stay(string Reason) : RestartVerdict;

    /// <summary>Not the runner's to restart.</summary>
    public sealed record LeaveTo(string Supervisor) : RestartVerdict;
}
