using Meridian.Core.Galera;
using Meridian.Core.Spec;
using Meridian.Core.Tuning;
using Meridian.Runtime.Lab;
using Meridian.Runtime.Lab.Control;

namespace Meridian.Runtime.Bench;

/// <summary>
/// The moving parts of the false-eviction benchmark (<c>bench/false-evictions.sh</c>, docs/performance.md#failover) on
/// a running lab: jitter and loss on every WAN link, EVS timeouts changed on the running nodes for a sweep, and the
/// membership events every node's error log gained meanwhile (<see cref="MembershipLog"/>).
/// </summary>
public sealed class FalseEvictionProbe(LabContext lab)
{
    /// <summary>
    /// Sets every region pair to the given share of its RTT as jitter and the given loss, keeping the RTT, and returns
    /// the links as they were, for <see cref="RestoreLinksAsync"/>.
    /// </summary>
    public async Task<IReadOnlyList<WanLinkView>> ImpairEveryLinkAsync(double jitterFraction, double lossPercent, CancellationToken cancellationToken)
    {
        var client = new LabSupervisorClient(lab);
        var before = await client.SendAsync(new WanShowRequest(), cancellationToken).ConfigureAwait(false);
        foreach (var (key, rtt) in lab.Plan.Rtt.ByPair)
        {
            await client.SendAsync(new SetWanLinkRequest(key, JitterMs: rtt.TotalMilliseconds * jitterFraction, LossPercent: lossPercent), cancellationToken).ConfigureAwait(false);
        }

        return before;
    }

    /// <summary>Puts each pair's jitter and loss back as <paramref name="before"/> had them (one direction's values; the bench sets both alike).</summary>
    public async Task RestoreLinksAsync(IReadOnlyList<WanLinkView> before, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(before);
        var client = new LabSupervisorClient(lab);
        foreach (var link in before.Where(l => lab.Plan.Regions.Any(r => r.Name == l.From) && string.CompareOrdinal(l.From, l.To) < 0))
        {
            await client.SendAsync(new SetWanLinkRequest(new RegionPair(link.From, link.To).ToString(), JitterMs: link.JitterMs, LossPercent: link.LossPercent), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Where each Galera node's error log ends now; <see cref="EventsSince"/> reads from there.</summary>
    public IReadOnlyDictionary<string, long> LogOffsets() => new NodeErrorLogs(lab).Offsets();

    /// <summary>The membership events each node's error log gained since <paramref name="offsets"/>.</summary>
    public IReadOnlyDictionary<string, MembershipEvents> EventsSince(IReadOnlyDictionary<string, long> offsets) =>
        new NodeErrorLogs(lab).TextSince(offsets).ToDictionary(e => e.Key, e => MembershipLog.Count(e.Value), StringComparer.Ordinal);

    /// <summary>Changes the EVS timeouts on every running data node, in <see cref="EvsSweep.RuntimeOptions"/>'s order.</summary>
    public Task ApplyEvsAsync(GaleraWanTuning tuning, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tuning);
        return NodeProviderOptions.ApplyAsync(lab, EvsSweep.RuntimeOptions(tuning), "the EVS timeouts", cancellationToken);
    }
}
