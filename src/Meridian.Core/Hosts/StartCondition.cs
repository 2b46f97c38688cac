namespace Meridian.Core.Hosts;

/// <summary>
/// A condition outside the host that must hold before a daemon starts or restarts. The definition only names it; the
/// runner asks whoever runs the host (an agent, the lab supervisor) to judge it, and waits while it does not hold.
/// </summary>
/// <param name="Name">What the judge recognises, e.g. <see cref="ArbitratorMayJoin"/>'s name.</param>
/// <param name="Description">For status and logs: what is being waited for.</param>
public sealed record StartCondition(string Name, string Description)
{
    /// <summary>
    /// garbd can only join a Primary component, never form one: the first time it waits until every data node is
    /// Synced in one, later until any data node reports Primary (Decisions.ArbitratorStartDecision; docs/agent.md,
    /// "The arbitrator (garbd)").
    /// </summary>
    public static readonly StartCondition ArbitratorMayJoin = new(
        "galera-primary",
        "a data node reports a Primary component (the first time: every data node Synced in it)");

    public override string ToString() => Name;
}
