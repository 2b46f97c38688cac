using System.Globalization;

namespace Meridian.Core.Decisions;

/// <summary>
/// Whether an operator's <c>meridian recover --force-bootstrap NODE</c> may be stored (docs/recovery.md, "Forcing").
/// A member of the last Primary whose agent does not report is not known to be down: it may be cut off with others
/// and still hold a Primary component by Galera's weighted vote, which etcd's one-member-per-region majority cannot
/// see (regions of 3, 1 and 1 nodes: region a alone keeps 3 of 5 Galera votes while etcd's quorum is with b and c).
/// A Primary can also shrink step by step down to a single member, so no unknown member is ever assumed down. The
/// force is refused until every such member is accounted for: stopped with its agent reporting, or named by the
/// operator as lost.
/// </summary>
public static class ForceBootstrapDecision
{
    public static ForceBootstrapVerdict Decide(ForceBootstrapFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var dataNodes = facts.Members.Where(m => !m.Arbitrator).Select(m => m.Name).ToList();
        if (!dataNodes.Contains(facts.ForcedNode, StringComparer.Ordinal))
        {
            return new ForceBootstrapVerdict.Refuse($"'{facts.ForcedNode}' is not a Galera data node", $"name one of {string.Join(", ", dataNodes)}");
        }

        var strangers = facts.AcceptedLost.Where(n => !dataNodes.Contains(n, StringComparer.Ordinal)).ToList();
        if (strangers.Count > 0)
        {
            return new ForceBootstrapVerdict.Refuse($"--accept-lost names {string.Join(", ", strangers)}, not data nodes of this cluster", $"name nodes among {string.Join(", ", dataNodes)}");
        }

        if (facts.AcceptedLost.Contains(facts.ForcedNode, StringComparer.Ordinal))
        {
            return new ForceBootstrapVerdict.Refuse($"{facts.ForcedNode} is both forced to bootstrap and accepted as lost", "remove it from --accept-lost");
        }

        if (facts.ReportingPrimary.Count > 0)
        {
            return new ForceBootstrapVerdict.Refuse(
                $"{string.Join(", ", facts.ReportingPrimary)} {(facts.ReportingPrimary.Count == 1 ? "reports" : "report")} a Primary component: a forced bootstrap now would create a second one (split brain)",
                "nothing to force: stopped nodes rejoin that Primary by themselves");
        }

        var down = facts.Recovery.Nodes.Where(n => n.Reachable).Select(n => n.Node).ToHashSet(StringComparer.Ordinal);
        if (!down.Contains(facts.ForcedNode))
        {
            return new ForceBootstrapVerdict.Refuse(
                $"{facts.ForcedNode}'s agent does not report its node as stopped, so its data cannot be used to bootstrap",
                $"bring {facts.ForcedNode}'s host and agent back, or force another node");
        }

        var unaccounted = RecoveryDecision.MustAccountFor(facts.Recovery)
            .Where(n => !down.Contains(n) && !facts.AcceptedLost.Contains(n, StringComparer.Ordinal)).ToList();
        if (unaccounted.Count > 0)
        {
            var total = facts.Members.Sum(m => m.Weight);
            var unknown = facts.Members.Where(m => unaccounted.Contains(m.Name, StringComparer.Ordinal)).Sum(m => m.Weight)
                + unaccounted.Count(n => facts.Members.All(m => m.Name != n));
            var arbitrators = facts.Members.Where(m => m.Arbitrator && !down.Contains(m.Name)).Sum(m => m.Weight);
            var votes = string.Create(
                CultureInfo.InvariantCulture,
                $"they hold {unknown} of {total} Galera votes{(arbitrators > 0 ? $" ({unknown + arbitrators} with the arbitrator)" : string.Empty)}");
            var alone = 2 * unknown > total ? ", enough to keep a Primary component on their own" : ", and a Primary can shrink one member at a time";
            return new ForceBootstrapVerdict.Refuse(
                $"{string.Join(", ", unaccounted)} {(unaccounted.Count == 1 ? "was" : "were")} in the last Primary and {(unaccounted.Count == 1 ? "is" : "are")} not known to be down (no agent reports {(unaccounted.Count == 1 ? "it" : "them")}); {votes}{alone}",
                $"bring them back, or if they are gone for good, accept losing their commits: --accept-lost {string.Join(",", unaccounted)}");
        }

        var lost = facts.AcceptedLost.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return new ForceBootstrapVerdict.Allow(
            lost,
            lost.Count == 0
                ? "every member of the last Primary is stopped and reports its facts"
                : $"every member of the last Primary is stopped and reports, or is accepted as lost ({string.Join(", ", lost)})");
    }
}
