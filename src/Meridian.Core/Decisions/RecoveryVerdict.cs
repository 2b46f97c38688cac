using Meridian.Core.Galera;

namespace Meridian.Core.Decisions;

/// <summary>What the agents do to bring back a cluster that has no Primary component anywhere. See <see cref="RecoveryDecision"/>.</summary>
public abstract record RecoveryVerdict
{
    private protected RecoveryVerdict()
    {
    }

    /// <summary>
    /// <see cref="Node"/> writes <see cref="Uuid"/>:<see cref="Seqno"/> with safe_to_bootstrap 1 into grastate.dat and
    /// starts with --wsrep-new-cluster; every other node starts normally and joins by IST.
    /// </summary>
    public sealed record BootstrapNode(string Node, Guid Uuid, long Seqno, string Reason) : RecoveryVerdict;

    /// <summary>
    /// Every member of the last Primary kept gvwstate.dat and is reachable: each starts with
    /// --wsrep-start-position=its recovered position and no --wsrep-new-cluster, and Galera's pc.recovery re-forms the
    /// old Primary by itself (https://galeracluster.com/library/documentation/pc-recovery.html).
    /// </summary>
    public sealed record StartAllAtRecoveredPositions(IReadOnlyDictionary<string, GaleraPosition?> Positions, string Reason) : RecoveryVerdict;

    /// <summary>Not every node that may hold the newest commits is accounted for: wait, never guess.</summary>
    public sealed record WaitForMoreInformation(IReadOnlyList<string> MissingNodes, string Reason) : RecoveryVerdict;

    /// <summary>No safe automatic choice exists; <see cref="OperatorAction"/> says what a human can do.</summary>
    public sealed record Refuse(string Reason, string OperatorAction) : RecoveryVerdict;
}
