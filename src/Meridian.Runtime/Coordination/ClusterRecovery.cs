using Meridian.Core.Decisions;
using Meridian.Core.Planning;

namespace Meridian.Runtime.Coordination;

/// <summary>
/// `meridian recover` on any provider: what etcd holds about recovery, and a forced bootstrap stored as the next epoch
/// (docs/recovery.md, "Forcing"). The lab's supervisor and the ssh provider call the same code with their own
/// coordinator; the decisions are Core's pure functions.
/// </summary>
public static class ClusterRecovery
{
    public static async Task<RecoveryView> ViewAsync(IClusterCoordinator coordinator, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(coordinator);
        var latest = await coordinator.GetLatestRecoveryAsync(cancellationToken).ConfigureAwait(false);
        return new RecoveryView(
            await coordinator.ListRecoveryFactsAsync(cancellationToken).ConfigureAwait(false),
            latest,
            await coordinator.ListNodesAsync(cancellationToken).ConfigureAwait(false),
            await coordinator.GetBootstrapAsync(cancellationToken).ConfigureAwait(false),
            latest is null ? null : await coordinator.GetRecoveryClosureAsync(latest.Epoch, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>
    /// Stores a forced bootstrap of <paramref name="node"/> as the next recovery epoch; the agents obey it.
    /// <see cref="ForceBootstrapDecision"/> refuses while any node reports a Primary component or a member of the last
    /// Primary is neither known to be down nor in <paramref name="acceptedLost"/>; the refusal is thrown as
    /// <see cref="ForceBootstrapRefusedException"/> and nothing is stored.
    /// </summary>
    public static async Task<RecoveryRecord> ForceBootstrapAsync(ClusterPlan plan, IClusterCoordinator coordinator, string node, IReadOnlyList<string> acceptedLost, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var view = await ViewAsync(coordinator, cancellationToken).ConfigureAwait(false);
        var facts = RecoveryFactsBuilder.Build(plan.Members, view.Facts, DateTimeOffset.UtcNow - RecoveryFactsBuilder.Freshness, view.Bootstrap, pcRecoveryFailed: false, node);
        var check = ForceBootstrapDecision.Decide(new ForceBootstrapFacts(
            node, [.. plan.Members], facts, [.. view.Nodes.Where(n => n.ClusterStatus == "Primary").Select(n => n.Node)], acceptedLost));
        if (check is ForceBootstrapVerdict.Refuse refused)
        {
            throw new ForceBootstrapRefusedException(refused.Reason, refused.Fix);
        }

        var verdict = RecoveryDecision.Decide(facts);
        var proposal = RecoveryFactsBuilder.ToRecord(verdict, plan.Cluster, (view.Latest?.Epoch ?? 0) + 1, "operator", forced: true)
            ?? new RecoveryRecord(plan.Cluster, (view.Latest?.Epoch ?? 0) + 1, RecoveryRecord.BootstrapKind, node, Guid.Empty.ToString("D"), -1, true, "operator", "forced by an operator; the node's agent uses its own recovered position", DateTimeOffset.UtcNow);
        return await coordinator.ClaimRecoveryAsync(proposal, cancellationToken).ConfigureAwait(false);
    }
}
