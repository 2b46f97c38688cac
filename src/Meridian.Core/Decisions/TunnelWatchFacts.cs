namespace Meridian.Core.Decisions;

/// <summary>
/// What the router supervision knows about one tunnel after one data-path probe (docs/vpn.md, "Data-path watchdog").
/// </summary>
/// <param name="ProbeReplied">The LAN-to-LAN ping through the tunnel got at least one reply.</param>
/// <param name="SasUp">Both ends hold an ESTABLISHED IKE_SA with an INSTALLED CHILD_SA (what swanctl reports).</param>
/// <param name="SasUpFor">
/// How long the SAs have been seen up without a break: since the last answered probe, or since the first failed probe
/// that found them up again. A tunnel that came back during a probe (after a WAN cut and DPD) is not yet silent.
/// </param>
/// <param name="WanLinkDown">The emulated WAN link between the two routers is cut, an end is isolated, or loss is 100 %.</param>
/// <param name="Silent">Time since the last answered probe (or since watching began, when none was answered yet).</param>
/// <param name="RepairsSinceReply">Repairs done since the last answered probe.</param>
/// <param name="SinceLastRepair">Time since the last repair; only meaningful when <paramref name="RepairsSinceReply"/> &gt; 0.</param>
/// <param name="InitiatorOutAdvanced">The initiator's CHILD_SA packets-out counter moved since the previous probe.</param>
/// <param name="ResponderOutAdvanced">The responder's CHILD_SA packets-out counter moved since the previous probe.</param>
/// <param name="LastRestarted">The end whose charon the last repair restarted, if it restarted one.</param>
public sealed record TunnelWatchFacts(
    bool ProbeReplied,
    bool SasUp,
    TimeSpan SasUpFor,
    bool WanLinkDown,
    TimeSpan Silent,
    int RepairsSinceReply,
    TimeSpan SinceLastRepair,
    bool InitiatorOutAdvanced,
    bool ResponderOutAdvanced,
    TunnelEnd? LastRestarted);
