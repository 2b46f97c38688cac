using Meridian.Core.Decisions;

namespace Meridian.Core.Tests.Decisions;

public sealed class TunnelRepairDecisionTests
{
    private static readonly TunnelWatchPolicy Policy = TunnelWatchPolicy.Default; // threshold 5 s, settle 4 s, backoff 30 s

    private static TunnelWatchFacts Facts(
        bool replied = false,
        bool sasUp = true,
        double? sasUpFor = null,
        bool wanDown = false,
        double silent = 6,
        int repairs = 0,
        double sinceRepair = 0,
        bool initiatorOut = true,
        bool responderOut = true,
        TunnelEnd? restarted = null) =>
        new(replied, sasUp, TimeSpan.FromSeconds(sasUpFor ?? silent), wanDown, TimeSpan.FromSeconds(silent), repairs, TimeSpan.FromSeconds(sinceRepair), initiatorOut, responderOut, restarted);

    public static TheoryData<string, TunnelWatchFacts, TunnelRepairAction, TunnelEnd?> Cases => new()
    {
        { "answered", Facts(replied: true), TunnelRepairAction.Healthy, null },
        { "answered after repairs", Facts(replied: true, repairs: 2, sinceRepair: 1), TunnelRepairAction.Healthy, null },
        { "answered although swanctl says down", Facts(replied: true, sasUp: false), TunnelRepairAction.Healthy, null },
        { "one lost probe", Facts(silent: 2), TunnelRepairAction.Wait, null },
        { "just under the threshold", Facts(silent: 4.9), TunnelRepairAction.Wait, null },
        { "WAN cut: nothing to mend", Facts(silent: 60, wanDown: true), TunnelRepairAction.Wait, null },
        { "SAs down: charon's job", Facts(silent: 60, sasUp: false), TunnelRepairAction.Wait, null },
        { "SAs came back during the probe after a cut", Facts(silent: 16, sasUpFor: 0), TunnelRepairAction.Wait, null },
        { "SAs back for 2 probes, still silent", Facts(silent: 21, sasUpFor: 4.8), TunnelRepairAction.Wait, null },
        { "SAs back for 3 probes, still silent", Facts(silent: 23, sasUpFor: 7.2), TunnelRepairAction.ReinitiateChild, null },
        { "at the threshold: weakest repair first", Facts(silent: 5), TunnelRepairAction.ReinitiateChild, null },
        { "long silent, e.g. after a charon kill", Facts(silent: 780), TunnelRepairAction.ReinitiateChild, null },
        { "child re-initiated, settling", Facts(silent: 8, repairs: 1, sinceRepair: 2), TunnelRepairAction.Wait, null },
        { "child did not help, responder's output frozen", Facts(silent: 10, repairs: 1, sinceRepair: 4, initiatorOut: true, responderOut: false), TunnelRepairAction.RestartCharon, TunnelEnd.Responder },
        { "child did not help, initiator's output frozen", Facts(silent: 10, repairs: 1, sinceRepair: 4, initiatorOut: false, responderOut: true), TunnelRepairAction.RestartCharon, TunnelEnd.Initiator },
        { "child did not help, both outputs frozen", Facts(silent: 10, repairs: 1, sinceRepair: 4, initiatorOut: false, responderOut: false), TunnelRepairAction.RestartCharon, TunnelEnd.Initiator },
        { "child did not help, both outputs moved (lost on the wire)", Facts(silent: 10, repairs: 1, sinceRepair: 4), TunnelRepairAction.RestartCharon, TunnelEnd.Initiator },
        { "charon restarted, settling", Facts(silent: 14, repairs: 2, sinceRepair: 3, restarted: TunnelEnd.Responder), TunnelRepairAction.Wait, null },
        { "responder restart did not help", Facts(silent: 14, repairs: 2, sinceRepair: 4, restarted: TunnelEnd.Responder), TunnelRepairAction.RestartCharon, TunnelEnd.Initiator },
        { "initiator restart did not help", Facts(silent: 14, repairs: 2, sinceRepair: 4, restarted: TunnelEnd.Initiator, initiatorOut: true, responderOut: false), TunnelRepairAction.RestartCharon, TunnelEnd.Responder },
        { "whole ladder failed, backing off", Facts(silent: 30, repairs: 3, sinceRepair: 29), TunnelRepairAction.Wait, null },
        { "whole ladder failed, backoff over: start again", Facts(silent: 50, repairs: 3, sinceRepair: 30, restarted: TunnelEnd.Initiator), TunnelRepairAction.ReinitiateChild, null },
        { "second round, second step", Facts(silent: 55, repairs: 4, sinceRepair: 4), TunnelRepairAction.RestartCharon, TunnelEnd.Initiator },
        { "second round, settling uses the short gap", Facts(silent: 53, repairs: 4, sinceRepair: 3), TunnelRepairAction.Wait, null },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Given_probe_facts_When_decided_Then_the_action_and_target_match(string because, TunnelWatchFacts facts, TunnelRepairAction action, TunnelEnd? target)
    {
        var verdict = TunnelRepairDecision.Decide(facts, Policy);

        Assert.True(action == verdict.Action, $"{because}: expected {action}, got {verdict.Action} ({verdict.Reason})");
        Assert.Equal(target, verdict.Target);
        Assert.Equal(action is TunnelRepairAction.ReinitiateChild or TunnelRepairAction.RestartCharon, verdict.IsRepair);
        Assert.False(string.IsNullOrWhiteSpace(verdict.Reason));
        Assert.DoesNotContain('\n', verdict.Reason);
    }

    [Fact]
    public void Given_a_data_path_that_never_recovers_When_probed_every_2_s_for_2_minutes_Then_repairs_stay_rare()
    {
        // Replays the watchdog loop against a tunnel no repair cures: three repairs, then one round per backoff at most.
        var repairs = 0;
        TimeSpan? lastRepair = null;
        TunnelEnd? restarted = null;
        for (var t = TimeSpan.Zero; t <= TimeSpan.FromMinutes(2); t += Policy.ProbeInterval)
        {
            var verdict = TunnelRepairDecision.Decide(
                new TunnelWatchFacts(false, true, t, false, t, repairs, lastRepair is { } at ? t - at : TimeSpan.Zero, true, true, restarted),
                Policy);
            if (verdict.IsRepair)
            {
                repairs++;
                lastRepair = t;
                restarted = verdict.Target ?? restarted;
            }
        }

        // Rounds start at 6 s, 44 s and 82 s (each 3 repairs 4 s apart, then 30 s of backoff), plus the first repair
        // of a fourth round at 120 s.
        Assert.Equal(10, repairs);
    }
}
