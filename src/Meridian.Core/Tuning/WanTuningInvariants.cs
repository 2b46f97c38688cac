using Meridian.Core.Spec;

namespace Meridian.Core.Tuning;

/// <summary>
/// The rules a <see cref="WanTuning"/> must obey for a given RTT matrix and declared jitter and loss. Used by tests and
/// available to callers that accept hand-edited tunings. Each message names the violated rule.
/// </summary>
public static class WanTuningInvariants
{
    /// <summary>etcd refuses an election timeout above 50 s (https://etcd.io/docs/v3.4/tuning/#time-parameters).</summary>
    public const int EtcdMaxElectionTimeoutMs = 50_000;

    /// <summary>Galera's lower bound for evs.keepalive_period and evs.suspect_timeout (gcomm/src/defaults.cpp, PT0.1S).</summary>
    public static readonly TimeSpan GaleraMinimumPeriod = TimeSpan.FromMilliseconds(100);

    public static IReadOnlyList<string> Violations(WanTuning tuning, RttMatrix rtt) => Violations(tuning, rtt, WanImpairments.None);

    public static IReadOnlyList<string> Violations(WanTuning tuning, RttMatrix rtt, WanImpairments? impairments)
    {
        ArgumentNullException.ThrowIfNull(tuning);
        ArgumentNullException.ThrowIfNull(rtt);
        var model = EvsSilenceModel.For(rtt, impairments ?? WanImpairments.None);
        var problems = new List<string>();
        var g = tuning.Galera;
        var max = rtt.Max;

        void Require(bool ok, string rule)
        {
            if (!ok)
            {
                problems.Add(rule);
            }
        }

        // Codership WAN guidance: every period and timeout exceeds the highest RTT.
        foreach (var (name, value) in new (string, TimeSpan)[]
        {
            ("evs.keepalive_period", g.KeepalivePeriod),
            ("evs.inactive_check_period", g.InactiveCheckPeriod),
            ("evs.suspect_timeout", g.SuspectTimeout),
            ("evs.inactive_timeout", g.InactiveTimeout),
            ("evs.install_timeout", g.InstallTimeout),
            ("evs.join_retrans_period", g.JoinRetransPeriod),
            ("gmcast.peer_timeout", g.PeerTimeout),
        })
        {
            Require(value > max, $"{name} {value} must exceed the highest RTT {max}");
        }

        // Ranges enforced by Galera at start-up (gcomm/src/evs_proto.cpp, check_range; minimums in gcomm/src/defaults.cpp).
        Require(g.KeepalivePeriod >= GaleraMinimumPeriod, "evs.keepalive_period ≥ PT0.1S");
        Require(g.SuspectTimeout >= GaleraMinimumPeriod, "evs.suspect_timeout ≥ PT0.1S");
        Require(g.InactiveCheckPeriod <= g.SuspectTimeout / 2, "evs.inactive_check_period ≤ evs.suspect_timeout/2");
        Require(g.KeepalivePeriod <= g.SuspectTimeout / 3, "evs.keepalive_period ≤ evs.suspect_timeout/3");
        Require(g.InstallTimeout >= g.KeepalivePeriod * 2, "evs.install_timeout ≥ 2·evs.keepalive_period");
        Require(g.InstallTimeout <= g.InactiveTimeout, "evs.install_timeout ≤ evs.inactive_timeout");
        Require(g.UserSendWindow <= g.SendWindow, "evs.user_send_window ≤ evs.send_window");

        // Meridian's own ordering.
        Require(g.InactiveCheckPeriod <= g.KeepalivePeriod, "evs.inactive_check_period ≤ evs.keepalive_period");
        Require(g.KeepalivePeriod <= g.SuspectTimeout, "evs.keepalive_period ≤ evs.suspect_timeout");
        Require(g.SuspectTimeout < g.InactiveTimeout, "evs.suspect_timeout < evs.inactive_timeout");
        Require(g.SuspectTimeout < g.InstallTimeout, "evs.suspect_timeout < evs.install_timeout");

        // No false suspicion on a healthy link: the suspect window outlasts the longest silence the RTTs, jitter and
        // loss explain (EvsSilenceModel).
        var silence = model.LongestHealthySilence(g.KeepalivePeriod);
        Require(g.SuspectTimeout > silence, $"evs.suspect_timeout {g.SuspectTimeout} must exceed the longest healthy silence {silence} (keepalive + {model.LossRun} loss recoveries + jitter)");

        var e = tuning.Etcd;
        Require(e.HeartbeatIntervalMs >= 100, "etcd heartbeat ≥ 100 ms");
        Require(e.HeartbeatIntervalMs >= max.TotalMilliseconds, "etcd heartbeat ≥ the highest RTT");
        Require(e.ElectionTimeoutMs >= 10 * e.HeartbeatIntervalMs, "etcd election ≥ 10 × heartbeat");
        Require(e.ElectionTimeoutMs <= EtcdMaxElectionTimeoutMs, "etcd election ≤ 50 s");
        Require(e.PreVote, "etcd pre-vote on");

        var ike = tuning.Ike;
        Require(ike.DeadPeerTime > g.SuspectTimeout, $"IKE dead-peer time {ike.DeadPeerTime} must exceed evs.suspect_timeout {g.SuspectTimeout}");
        Require(ike.DeadPeerTime >= g.SuspectTimeout + WanTuner.IkeMarginOverSuspect, $"IKE dead-peer time {ike.DeadPeerTime} must be at least {WanTuner.IkeMarginOverSuspect} longer than evs.suspect_timeout");
        Require(ike.RetransmitTimeoutSeconds > max.TotalSeconds, "IKE retransmit_timeout must exceed the highest RTT");
        return problems;
    }
}
