using Meridian.Core.Decisions;
using Meridian.Core.Galera;
using Meridian.Core.Planning;

namespace Meridian.Runtime.Coordination;

/// <summary>Turns what etcd holds into <see cref="RecoveryFacts"/>, the same way for the agents and for <c>meridian recover</c>.</summary>
public static class RecoveryFactsBuilder
{
    /// <summary>Facts older than this are not counted: a waiting agent refreshes them every loop (1 s plus a few etcd round trips over the WAN).</summary>
    public static readonly TimeSpan Freshness = TimeSpan.FromSeconds(5);

    /// <param name="members">The plan's Galera members (agent.json `members`): data nodes are accounted for, arbitrators not.</param>
    /// <param name="published">The facts under /recovery/ (under the agent's lease).</param>
    /// <param name="freshSince">Only facts published since then count as reachable: a waiting agent refreshes them every
    /// second, while facts left from an earlier incident (the lease lives on with the agent) or by a frozen agent do not.</param>
    /// <param name="bootstrap">The bootstrap record: its UUID breaks a tie between histories.</param>
    /// <param name="pcRecoveryFailed">The latest epoch was a pc.recovery attempt and no Primary formed after it.</param>
    /// <param name="forcedNode">An operator's choice, or null.</param>
    public static RecoveryFacts Build(IEnumerable<GaleraMember> members, IReadOnlyList<RecoveryReport> published, DateTimeOffset freshSince, BootstrapRecord? bootstrap, bool pcRecoveryFailed, string? forcedNode)
    {
        ArgumentNullException.ThrowIfNull(members);
        ArgumentNullException.ThrowIfNull(published);
        var planned = members.ToList();
        published = [.. published.Where(p => p.PublishedAt >= freshSince)];
        return new RecoveryFacts(
            [.. planned.Where(m => !m.Arbitrator).Select(m => m.Name).Order(StringComparer.Ordinal)],
            [.. published.Select(ToFacts)],
            bootstrap is not null && Guid.TryParse(bootstrap.GaleraUuid, out var uuid) ? uuid : null,
            forcedNode,
            PcRecoveryFailed: pcRecoveryFailed,
            Arbitrators: [.. planned.Where(m => m.Arbitrator).Select(m => m.Name)]);
    }

    /// <summary>A published report as the decision's input; being published under a live lease is what "reachable" means.</summary>
    public static NodeRecoveryFacts ToFacts(RecoveryReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return new NodeRecoveryFacts(
            report.Node,
            Reachable: true,
            new Grastate(Guid.TryParse(report.GrastateUuid, out var uuid) ? uuid : Guid.Empty, report.GrastateSeqno, report.SafeToBootstrap),
            GaleraPosition.TryParse(report.RecoveredPosition),
            report.HasGvwstate,
            report.SstInProgress,
            report.LastPrimaryMembers);
    }

    /// <summary>The record that carries out <paramref name="verdict"/> as epoch <paramref name="epoch"/>, or null for wait/refuse.</summary>
    public static RecoveryRecord? ToRecord(RecoveryVerdict verdict, string cluster, long epoch, string decidedBy, bool forced) => verdict switch
    {
        RecoveryVerdict.BootstrapNode b => new RecoveryRecord(cluster, epoch, RecoveryRecord.BootstrapKind, b.Node, b.Uuid.ToString("D"), b.Seqno, forced, decidedBy, b.Reason, DateTimeOffset.UtcNow),
        RecoveryVerdict.StartAllAtRecoveredPositions s => new RecoveryRecord(cluster, epoch, RecoveryRecord.StartAllKind, string.Empty, Guid.Empty.ToString("D"), -1, forced, decidedBy, s.Reason, DateTimeOffset.UtcNow),
        _ => null,
    };
}
