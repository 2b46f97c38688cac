namespace Meridian.Core.Decisions;

/// <summary>
/// When the lab supervisor may start (or restart) garbd on an arbitrator host (docs/agent.md, "The arbitrator"):
/// garbd cannot form a Primary component by itself, it only joins one, so it waits for a data node in a Primary.
/// The first time, it waits until every data node is Synced in the Primary: a fresh node's fast first join requires a
/// Primary made only of reporting agents (<see cref="PrimarySnapshot.Quiescent"/> compares wsrep_cluster_size with the
/// number of agents that report it), and a garbd member would hold the remaining fresh nodes back for good.
/// </summary>
public static class ArbitratorStartDecision
{
    /// <param name="dataNodes">Galera data nodes in the plan.</param>
    /// <param name="reportingPrimary">Data nodes whose agents report a Primary component now.</param>
    /// <param name="syncedInPrimary">Data nodes whose agents report Synced in a Primary component now.</param>
    /// <param name="startedBefore">garbd was started before in this state directory, so the first formation is over.</param>
    public static (bool Start, string Reason) Decide(int dataNodes, int reportingPrimary, int syncedInPrimary, bool startedBefore)
    {
        if (reportingPrimary == 0)
        {
            return (false, "waiting for a data node in a Primary component (garbd joins one, it cannot form one)");
        }

        if (!startedBefore && syncedInPrimary < dataNodes)
        {
            return (false, $"waiting for the first formation: {syncedInPrimary} of {dataNodes} data nodes Synced");
        }

        return (true, startedBefore ? "a data node reports a Primary component" : "every data node is Synced in the Primary component");
    }
}
