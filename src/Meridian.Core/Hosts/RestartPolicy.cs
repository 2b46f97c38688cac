using System.Text.Json.Serialization;

namespace Meridian.Core.Hosts;

/// <summary>
/// What happens when a daemon exits (or fails to become ready). One pure function, <see cref="RestartDecision"/>,
/// turns a policy and the facts of an exit into a verdict, so every daemon is restarted the same way.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(NeverRestart), "never")]
[JsonDerivedType(typeof(AlwaysRestart), "always")]
[JsonDerivedType(typeof(RestartOnFailure), "on-failure")]
[JsonDerivedType(typeof(SupervisedByAgent), "agent")]
public abstract record RestartPolicy
{
    public static readonly RestartPolicy Never = new NeverRestart();

    public static RestartPolicy Always(Backoff backoff) => new AlwaysRestart(backoff);

    public static RestartPolicy OnFailure(Backoff backoff) => new RestartOnFailure(backoff);

    /// <summary>Started, restarted and stopped by <paramref name="supervisor"/>; the runner only reports and stops it.</summary>
    public static RestartPolicy ByAgent(string supervisor) => new SupervisedByAgent(supervisor);
}

/// <summary>An exit is final.</summary>
public sealed record NeverRestart : RestartPolicy
{
    public override string ToString() => "never";
}

/// <summary>Every exit, clean or not, is followed by a start after the backoff.</summary>
public sealed record AlwaysRestart(Backoff Backoff) : RestartPolicy
{
    public override string ToString() => $"always, {Backoff}";
}

/// <summary>A non-zero exit, a death by signal or a failed start is followed by a start; exit 0 is final.</summary>
public sealed record RestartOnFailure(Backoff Backoff) : RestartPolicy
{
    public override string ToString() => $"on failure, {Backoff}";
}

/// <summary>
/// mariadbd: its Galera node supervision (the agent's NodeSupervisor) decides every start, with arguments only it
/// knows (<c>--wsrep-new-cluster</c>, <c>--wsrep-start-position</c>), and must survive the agent's own death
/// (docs/agent.md, "Lifecycle"). The runner never starts or restarts it; it shows its state and stops it in order.
/// </summary>
public sealed record SupervisedByAgent(string Supervisor) : RestartPolicy
{
    public override string ToString() => $"supervised by {Supervisor}";
}
