namespace Meridian.Core.Decisions;

/// <summary>What the agent does before (re)starting mariadbd on a node. See <see cref="FirstStartDecision"/>.</summary>
public abstract record FirstStartAction
{
    private protected FirstStartAction()
    {
    }

    /// <summary>No record exists: propose this node with a new random Galera UUID (an etcd transaction decides).</summary>
    public sealed record ClaimBootstrap : FirstStartAction;

    /// <summary>This node won: grastate UUID:0 with safe_to_bootstrap 1, start with --wsrep-new-cluster.</summary>
    public sealed record Bootstrap(Guid Uuid) : FirstStartAction;

    /// <summary>Another node bootstraps (or an earlier joiner is mid-join): wait and decide again.</summary>
    public sealed record WaitForPrimary(string Reason) : FirstStartAction;

    /// <summary>
    /// Fresh joiner: pre-seed grastate to UUID:<see cref="Seqno"/> (the quiescent cluster's position) and start
    /// normally, so the node joins with no state transfer at all instead of a full SST.
    /// </summary>
    public sealed record JoinFresh(Guid Uuid, long Seqno) : FirstStartAction;

    /// <summary>A normal start: no --wsrep-new-cluster, grastate untouched; Galera chooses IST or SST.</summary>
    public sealed record JoinExisting : FirstStartAction;

    /// <summary>A pre-seeded first join failed: reset grastate to the undefined position so the next start takes a full SST.</summary>
    public sealed record ResetForSst(string Reason) : FirstStartAction;

    /// <summary>
    /// A new or wiped datadir after the cluster's first formation: it holds none of the cluster's data, so grastate is
    /// reset to the undefined position and the node joins a Primary component by a full SST (or takes part in
    /// recovery with no position of its own). Never Synced, never served, before the transfer completes.
    /// </summary>
    public sealed record JoinBySst(string Reason) : FirstStartAction;

    /// <summary>Unsafe to start: log the reason, publish it, and decide again later (never exit, never guess).</summary>
    public sealed record Refuse(string Reason) : FirstStartAction;
}
