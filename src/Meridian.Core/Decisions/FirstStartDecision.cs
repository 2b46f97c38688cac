namespace Meridian.Core.Decisions;

/// <summary>
/// How a node starts mariadbd, as a pure function of recorded facts (docs/agent.md, "First bootstrap").
/// Invariant: the only outcome that leads to --wsrep-new-cluster is <see cref="FirstStartAction.Bootstrap"/>, and it is
/// returned only to the node that the bootstrap record names, while no other node reports a Primary component and
/// before the cluster's first formation: to a never-started node, or to one whose first bootstrap died before anyone
/// joined it. Everything else is a normal start, so a second Primary can never be created here, and a new or wiped
/// datadir after the first formation always takes a full state transfer.
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

        if (facts.FirstBootstrapDiedAlone && !facts.ClusterFormed && facts.Primary is null
            && facts.Bootstrap is { } own && own.Node == facts.Node && Guid.TryParse(own.GaleraUuid, out var ownUuid) && ownUuid != Guid.Empty)
        {
            // Nobody ever joined, so nobody else holds this history and no client ever wrote (health is 503 until the
            // cluster formed): bootstrapping it again is the only way the waiting joiners ever see a Primary.
            return new FirstStartAction.Bootstrap(ownUuid);
        }

        if (facts.EverStarted)
        {
            // Restarts rejoin by IST (or SST): recovering a cluster that lost its Primary is a separate decision.
            return new FirstStartAction.JoinExisting();
        }

        if (facts.ClusterFormed)
        {
            // Clients may have written since the first formation: the shortcut below (pre-seeding the cluster's seqno)
            // would claim data this datadir does not have, and a --wsrep-new-cluster would start an empty history.
            return new FirstStartAction.JoinBySst("the cluster formed earlier, and this datadir is new or was wiped");
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
