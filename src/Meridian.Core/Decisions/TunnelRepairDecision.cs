using System.Globalization;

namespace Meridian.Core.Decisions;

/// <summary>
/// Whether a tunnel whose data path went quiet is repaired, and how (docs/vpn.md, "Data-path watchdog"). DPD only
/// proves the IKE_SA: a fault campaign saw a tunnel ESTABLISHED/INSTALLED at both ends, DPD answered every 2 s, and one
/// router's ESP output frozen for 13+ minutes. So the supervision pings LAN to LAN through each tunnel and, when the SAs
/// are up but nothing passes for <see cref="TunnelWatchPolicy.SilentThreshold"/> (counted only while the SAs are up),
/// climbs a ladder of repairs, weakest
/// first, each given <see cref="TunnelWatchPolicy.RepairSettle"/> to work:
/// <list type="number">
/// <item>re-initiate the CHILD_SA (new SAs and SPIs at both ends; the IKE_SA and every other tunnel stay);</item>
/// <item>restart the suspect end's charon: the end whose ESP output stood still while the other's moved, else the
/// initiator (its probe packets went out and nothing came back);</item>
/// <item>restart the other end's charon.</item>
/// </list>
/// Then the ladder starts again after <see cref="TunnelWatchPolicy.RoundBackoff"/>. Tunnels whose SAs are not up, or whose
/// WAN link is cut, are left alone: charon's own retries (keyingtries=0, DPD restart) and the dead-charon watchdog own
/// those, and restarting a charon would not mend a WAN cut.
/// </summary>
public static class TunnelRepairDecision
{
    private const int LadderLength = 3;

    public static TunnelRepairVerdict Decide(TunnelWatchFacts facts, TunnelWatchPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(policy);

        if (facts.ProbeReplied)
        {
            return new TunnelRepairVerdict(TunnelRepairAction.Healthy, null, "the probe was answered through the tunnel");
        }

        var silent = Seconds(facts.Silent);
        if (facts.WanLinkDown)
        {
            return Wait($"no reply for {silent}, but the WAN link is cut; a repair cannot help");
        }

        if (!facts.SasUp)
        {
            return Wait($"no reply for {silent} and the SAs are not up at both ends; charon's retries and the dead-charon watchdog handle that");
        }

        if (facts.Silent < policy.SilentThreshold)
        {
            return Wait($"no reply for {silent}, under the {Seconds(policy.SilentThreshold)} threshold");
        }

        if (facts.SasUpFor < policy.SilentThreshold)
        {
            return Wait($"no reply for {silent}, but the SAs are up again for only {Seconds(facts.SasUpFor)}");
        }

        var step = facts.RepairsSinceReply % LadderLength;
        if (facts.RepairsSinceReply > 0)
        {
            var gap = step == 0 ? policy.RoundBackoff : policy.RepairSettle;
            if (facts.SinceLastRepair < gap)
            {
                return Wait($"no reply for {silent}; repair {facts.RepairsSinceReply} was {Seconds(facts.SinceLastRepair)} ago, next after {Seconds(gap)}");
            }
        }

        var why = $"SAs up at both ends but no reply for {silent}";
        if (step == 0)
        {
            return new TunnelRepairVerdict(TunnelRepairAction.ReinitiateChild, null, $"{why}{Round(facts)}: re-initiate the CHILD_SA");
        }

        if (step == 1)
        {
            var suspect = facts.InitiatorOutAdvanced && !facts.ResponderOutAdvanced ? TunnelEnd.Responder : TunnelEnd.Initiator;
            return new TunnelRepairVerdict(TunnelRepairAction.RestartCharon, suspect,
                $"{why} after re-initiating the CHILD_SA: restart the {Name(suspect)}'s charon ({SuspectReason(facts, suspect)})");
        }

        // The last step restarts the end the previous one did not; the counters are no guide any more, because a restart
        // resets that end's.
        var other = Other(facts.LastRestarted ?? TunnelEnd.Initiator);
        return new TunnelRepairVerdict(TunnelRepairAction.RestartCharon, other,
            $"{why} after restarting the {Name(Other(other))}'s charon: restart the {Name(other)}'s charon");
    }

    private static TunnelRepairVerdict Wait(string reason) => new(TunnelRepairAction.Wait, null, reason);

    private static string Round(TunnelWatchFacts facts) =>
        facts.RepairsSinceReply == 0 ? string.Empty : string.Create(CultureInfo.InvariantCulture, $" after {facts.RepairsSinceReply} repairs");

    private static string SuspectReason(TunnelWatchFacts facts, TunnelEnd suspect) => suspect == TunnelEnd.Responder
        ? "its ESP output stood still while the initiator's moved"
        : facts.InitiatorOutAdvanced ? "both ends' ESP output moved; the probe starts there" : "its ESP output stood still";

    private static TunnelEnd Other(TunnelEnd end) => end == TunnelEnd.Initiator ? TunnelEnd.Responder : TunnelEnd.Initiator;

    private static string Name(TunnelEnd end) => end == TunnelEnd.Initiator ? "initiator" : "responder";

    private static string Seconds(TimeSpan span) => string.Create(CultureInfo.InvariantCulture, $"{span.TotalSeconds:0.#} s");
}
