namespace Meridian.Core.Decisions;

/// <summary>
/// How a node starts mariadbd, as a pure function of recorded facts (docs/agent.md, "First bootstrap").
/// Invariant: the only outcome that leads to --wsrep-new-cluster is <see cref="FirstStartAction.Bootstrap"/>, and it is
/// returned only to a never-started node that the bootstrap record names while no other node reports a Primary
/// component. Everything else is a normal start, so a second Primary can never be created here.
/// </summary>
public static class FirstStartDecision
{
    public static FirstStartAction Decide(FirstStartFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        if (!facts.DataDirInitialised)
        {
            return new FirstStartAction.Refuse("the datadir is not initialised (mariadb-install-db has not completed)");
        }

        if (facts.SeededJoinFailed)
        {
            return new FirstStartAction.ResetForSst("the pre-seeded first join did not reach Synced");
        }

        if (facts.EverStarted)
        {
            // Restarts rejoin by IST (or SST): recovering a cluster that lost its Primary is a separate decision.
            return new FirstStartAction.JoinExisting();
        }

        if (facts.Bootstrap is null)
        {
            // A Primary without a record was formed outside Meridian: join it the ordinary way (SST), never bootstrap.
            return facts.Primary is null ? new FirstStartAction.ClaimBootstrap() : new FirstStartAction.JoinExisting();
        }

        if (!Guid.TryParse(facts.Bootstrap.GaleraUuid, out var uuid) || uuid == Guid.Empty)
        {
            return new FirstStartAction.Refuse($"the bootstrap record holds an invalid Galera UUID '{facts.Bootstrap.GaleraUuid}'");
        }

        var isWinner = string.Equals(facts.Bootstrap.Node, facts.Node, StringComparison.Ordinal);
        if (isWinner)
        {
            // Someone else is Primary although this node won: never a second --wsrep-new-cluster; a full SST is safe.
            return facts.Primary is null ? new FirstStartAction.Bootstrap(uuid) : new FirstStartAction.JoinExisting();
        }

        if (facts.Primary is null)
        {
            return new FirstStartAction.WaitForPrimary($"waiting for {facts.Bootstrap.Node} to bootstrap the cluster");
        }

        if (!Guid.TryParse(facts.Primary.ClusterUuid, out var primaryUuid) || primaryUuid != uuid)
        {
            return new FirstStartAction.Refuse(
                $"the Primary component reports cluster UUID '{facts.Primary.ClusterUuid}' but the bootstrap record says {uuid:D}");
        }

        if (facts.EarlierJoinerPending)
        {
            return new FirstStartAction.WaitForPrimary("an earlier fresh node is joining; joins go one at a time");
        }

        if (!facts.Primary.Quiescent || facts.Primary.LastCommitted < 0)
        {
            return new FirstStartAction.WaitForPrimary("the Primary component is not quiescent yet");
        }

        return new FirstStartAction.JoinFresh(uuid, facts.Primary.LastCommitted);
    }
}
