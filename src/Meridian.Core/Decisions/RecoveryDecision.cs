using System.Globalization;
using Meridian.Core.Galera;

namespace Meridian.Core.Decisions;

/// <summary>
/// Which node may bring back a cluster that lost its Primary component everywhere (docs/recovery.md). Pure: the same
/// facts always give the same verdict, so every agent that computes it agrees.
/// <para>
/// Unlike mariadb-operator and the Percona operator, which pick the highest seqno alone (docs/lab-notes.md#anchors), seqnos
/// are compared only within one cluster UUID history; a node without a real position (zero UUID, seqno -1, a
/// half-done SST) is never chosen while a real history exists; safe_to_bootstrap is ignored as a tie-breaker because
/// a node that was the last one out of an *earlier* Primary can be behind; and nothing bootstraps while a member of
/// the last Primary component is unaccounted for, since that member may hold the newest commits — unless an
/// operator forces it.
/// </para>
/// </summary>
public static class RecoveryDecision
{
    private const string ForceHint = "bring the missing host back, or run `meridian recover --force-bootstrap NODE` accepting that commits only the missing nodes had are lost";

    public static RecoveryVerdict Decide(RecoveryFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var reachable = facts.Nodes.Where(n => n.Reachable).GroupBy(n => n.Node, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);

        if (facts.ForcedNode is { } forced)
        {
            if (!reachable.TryGetValue(forced, out var chosen))
            {
                return new RecoveryVerdict.WaitForMoreInformation([forced], $"{forced} was forced to bootstrap but its agent does not report");
            }

            var position = PositionOf(chosen);
            return new RecoveryVerdict.BootstrapNode(
                forced,
                position?.Uuid ?? Guid.Empty,
                position?.Seqno ?? -1,
                position is null
                    ? "forced by an operator; the node has no recoverable position, so Galera starts a new history and every other node takes a full SST"
                    : $"forced by an operator at {position}; commits that only other nodes had are lost");
        }

        var mustAccountFor = MustAccountFor(facts);
        var missing = mustAccountFor.Where(n => !reachable.ContainsKey(n)).ToList();

        var positions = reachable.Values.Select(n => (n.Node, Position: PositionOf(n))).Where(p => p.Position is not null)
            .Select(p => (p.Node, Position: p.Position!.Value)).ToList();
        if (positions.Count == 0)
        {
            return missing.Count > 0
                ? new RecoveryVerdict.WaitForMoreInformation(missing, $"no reachable node has a recoverable position; waiting for {string.Join(", ", missing)}")
                : new RecoveryVerdict.Refuse(
                    "no node has a recoverable position (zero UUID or seqno -1 everywhere, or an unfinished SST)",
                    "restore from a backup, or run `meridian recover --force-bootstrap NODE` to start a new history from that node's data");
        }

        var history = ChooseHistory(positions.Select(p => p.Position.Uuid).ToList(), facts.RecordedClusterUuid);
        if (history is null)
        {
            return new RecoveryVerdict.Refuse(
                $"the nodes hold different cluster histories with no majority ({string.Join(", ", positions.Select(p => $"{p.Node}={p.Position}"))})",
                "decide which history is authoritative and run `meridian recover --force-bootstrap NODE` on a node of it; the other history's nodes take a full SST and lose their divergent commits");
        }

        if (missing.Count > 0)
        {
            return new RecoveryVerdict.WaitForMoreInformation(
                missing,
                $"{string.Join(", ", missing)} {(missing.Count == 1 ? "was" : "were")} in the last Primary component and may hold newer commits; {ForceHint}");
        }

        if (!facts.PcRecoveryFailed && mustAccountFor.All(n => reachable[n].HasGvwstate))
        {
            return new RecoveryVerdict.StartAllAtRecoveredPositions(
                reachable.Values.OrderBy(n => n.Node, StringComparer.Ordinal).ToDictionary(n => n.Node, PositionOf, StringComparer.Ordinal),
                "every member of the last Primary kept gvwstate.dat and is reachable: pc.recovery re-forms it");
        }

        var best = positions.Where(p => p.Position.Uuid == history.Value)
            .OrderByDescending(p => p.Position.Seqno).ThenBy(p => p.Node, StringComparer.Ordinal).First();
        var passedOver = reachable.Values.Where(n => n.Grastate is { SafeToBootstrap: true } && n.Node != best.Node).Select(n => n.Node).ToList();
        var reason = string.Create(
            CultureInfo.InvariantCulture,
            $"highest seqno {best.Position.Seqno} in history {history.Value:D}; ties go to the first name");
        if (passedOver.Count > 0)
        {
            reason += $"; {string.Join(", ", passedOver)} had safe_to_bootstrap: 1 but {(passedOver.Count == 1 ? "is" : "are")} not the most advanced";
        }

        return new RecoveryVerdict.BootstrapNode(best.Node, best.Position.Uuid, best.Position.Seqno, reason);
    }

    /// <summary>
    /// The data nodes that may hold the newest commits: every data node of the last Primary component any reachable node
    /// recorded (an unknown member stays in, so it is waited for), or, when no node kept that list, every data node of
    /// the plan. Arbitrators vote but hold no data, so nothing waits for them.
    /// </summary>
    public static IReadOnlyList<string> MustAccountFor(RecoveryFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var arbitrators = facts.Arbitrators ?? [];
        var lastPrimary = facts.Nodes.Where(n => n.Reachable).SelectMany(n => n.LastPrimaryMembers).Distinct(StringComparer.Ordinal).ToList();
        return [.. (lastPrimary.Count > 0 ? lastPrimary : facts.ClusterNodes).Where(n => !arbitrators.Contains(n, StringComparer.Ordinal)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
    }

    /// <summary>
    /// InnoDB's recovered position first (grastate says -1 after a crash), then grastate's clean-stop position. None for
    /// a datadir mid-SST (it may be half-copied) or one that holds no real position.
    /// </summary>
    public static GaleraPosition? PositionOf(NodeRecoveryFacts node)
    {
        ArgumentNullException.ThrowIfNull(node);
        if (node.SstInProgress)
        {
            return null;
        }

        if (node.Recovered is { IsDefined: true } recovered)
        {
            return recovered;
        }

        return node.Grastate is { } g && new GaleraPosition(g.Uuid, g.Seqno) is { IsDefined: true } onDisk ? onDisk : null;
    }

    /// <summary>The UUID most nodes hold; on a tie the recorded one if it is among the tied, otherwise none.</summary>
    private static Guid? ChooseHistory(IReadOnlyList<Guid> uuids, Guid? recorded)
    {
        var counts = uuids.GroupBy(u => u).Select(g => (Uuid: g.Key, Count: g.Count())).OrderByDescending(c => c.Count).ToList();
        var top = counts.Where(c => c.Count == counts[0].Count).Select(c => c.Uuid).ToList();
        if (top.Count == 1)
        {
            return top[0];
        }

        return recorded is { } r && top.Contains(r) ? r : null;
    }
}
