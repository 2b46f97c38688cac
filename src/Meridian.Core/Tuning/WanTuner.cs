using Meridian.Core.Spec;

namespace Meridian.Core.Tuning;

/// <summary>
/// Derives every WAN-dependent timing from the RTT matrix and the jitter and loss the spec declares
/// (<see cref="WanImpairments"/>). Pure: the same inputs always give the same settings. The invariants it guarantees
/// are listed on <see cref="WanTuningInvariants"/> and checked by property tests; the model behind the EVS timeouts is
/// <see cref="EvsSilenceModel"/> (docs/architecture.md#failover-timeouts-from-rtt-jitter-and-loss).
/// </summary>
public static class WanTuner
{
    /// <summary>How much longer strongSwan waits than Galera before it declares a peer dead, so Galera decides membership first.</summary>
    public static readonly TimeSpan IkeMarginOverSuspect = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The shortest evs.keepalive_period and evs.inactive_check_period Meridian uses. Galera accepts 100 ms
    /// (gcomm/src/defaults.cpp, EvsRetransPeriodMin), but it skips an inactivity check that runs more than three
    /// periods late ("last inactive check more than … ago, skipping check", gcomm/src/evs_proto.cpp check_inactive),
    /// and on the lab's busy 2-core box threads woke tens of milliseconds late (docs/lab.md); 200 ms keeps that rare.
    /// </summary>
    public static readonly TimeSpan MinimumPeriod = TimeSpan.FromMilliseconds(200);

    private static readonly TimeSpan GaleraGranularity = TimeSpan.FromMilliseconds(100);

    public static WanTuning Derive(RttMatrix rtt) => Derive(rtt, WanImpairments.None);

    public static WanTuning Derive(RttMatrix rtt, WanImpairments? impairments)
    {
        ArgumentNullException.ThrowIfNull(rtt);
        var model = EvsSilenceModel.For(rtt, impairments ?? WanImpairments.None);
        var galera = DeriveGalera(rtt.Max, model);
        return new WanTuning(galera, DeriveEtcd(rtt.Max), DeriveIke(rtt.Max, galera.SuspectTimeout));
    }

    /// <summary>
    /// Galera EVS/GMCast/GCS options (https://galeracluster.com/library/documentation/galera-parameters.html).
    /// Codership's WAN rule: every period and timeout exceeds the highest RTT. The ranges Galera itself enforces
    /// at start-up (gcomm/src/evs_proto.cpp, check_range) are stricter than the prose in its docs:
    /// inactive_check_period ≤ suspect_timeout/2, keepalive_period ≤ suspect_timeout/3, and
    /// 2·keepalive_period ≤ install_timeout ≤ inactive_timeout. A value outside them makes mariadbd refuse to start.
    /// </summary>
    private static GaleraWanTuning DeriveGalera(TimeSpan maxRtt, EvsSilenceModel model)
    {
        // evs.keepalive_period: an idle node sends a keepalive this often (gcomm/src/evs_proto.cpp,
        // handle_retrans_timer in OPERATIONAL), so it is the longest silence of an idle but healthy peer and a term of
        // the suspect window. Two worst round trips (RTT + 2·jitter): the former rule of two RTTs, without its 1 s
        // floor, which alone would have held the suspect timeout at 3 s or more (Galera: keepalive ≤ suspect/3).
        // Beacons every 0.4 s on the default matrix are a few hundred bytes per second per link.
        // https://galeracluster.com/library/documentation/galera-parameters.html#evs-keepalive-period
        var keepalive = Max(MinimumPeriod, RoundUp(model.WorstRoundTrip * 2));

        // evs.suspect_timeout: a peer silent this long is suspected; a suspected peer that has sent no JOIN is declared
        // inactive at once by the node that suspects it ("suspected node without join message, declaring inactive",
        // check_inactive), so one link's silence past this timeout already costs a view change. The window therefore
        // covers the longest silence a healthy link shows with negligible probability: an idle keepalive period, plus
        // n TCP loss recoveries in a row (gcomm runs over TCP, so a lost packet delays everything behind it rather
        // than losing a keepalive), plus the jitter spread (EvsSilenceModel). Region isolation is detected this long
        // after the last packet, so it is most of the failover time (FailoverEstimate).
        // https://galeracluster.com/library/documentation/galera-parameters.html#evs-suspect-timeout
        var suspect = Max(keepalive * 3, RoundUpAbove(model.LongestHealthySilence(keepalive)));

        // evs.inactive_check_period: how often peers are checked for silence; detection of a cut lands up to one
        // period after suspect_timeout, so it adds to failover. One worst round trip (at least MinimumPeriod),
        // ≤ suspect/2 (enforced) and ≤ keepalive.
        // https://galeracluster.com/library/documentation/galera-parameters.html#evs-inactive-check-period
        var inactiveCheck = Max(MinimumPeriod, RoundUp(model.WorstRoundTrip));

        // evs.inactive_timeout: evicts a silent peer without consensus. A region cut is decided at suspect_timeout
        // (above), so this only bounds peers that sent a JOIN and then went silent; Galera's own defaults keep it at
        // 3 × suspect (PT15S / PT5S, gcomm/src/defaults.cpp), and Meridian keeps that ratio: the extra two windows
        // roughly cover a loss run that TCP recovers by its doubling retransmission timeout (RFC 6298 section 5.5)
        // rather than by fast recovery, 15 recoveries for 4 losses.
        // https://galeracluster.com/library/documentation/galera-parameters.html#evs-inactive-timeout
        var inactive = suspect * 3;

        // evs.install_timeout: wait for install-message acknowledgements. Galera rejects install > inactive, so
        // "suspect < inactive < install" cannot be configured; the lab measured install = inactive
        // (docs/lab-notes.md#wan-tuned-options). Three expiries in a row make Galera isolate the node
        // (evs.max_install_timeouts), so it stays at the long end.
        // https://galeracluster.com/library/documentation/galera-parameters.html#evs-install-timeout
        var install = inactive;

        // evs.join_retrans_period: JOIN resend interval while forming membership; PT0.5S measured in the lab,
        // two RTTs on slower links so resends do not cross their own answers.
        // https://galeracluster.com/library/documentation/galera-parameters.html#evs-join-retrans-period
        var joinRetrans = Max(TimeSpan.FromMilliseconds(500), RoundUp(maxRtt * 2));

        // gmcast.peer_timeout: connection timeout to a peer when relaying; Galera's PT3S default, or 4 RTTs (TLS
        // handshake plus GMCast handshake). https://galeracluster.com/library/documentation/galera-parameters.html#gmcast-peer-timeout
        var peerTimeout = Max(TimeSpan.FromSeconds(3), RoundUp(maxRtt * 4));

        return new GaleraWanTuning(
            KeepalivePeriod: keepalive,
            InactiveCheckPeriod: inactiveCheck,
            SuspectTimeout: suspect,
            InactiveTimeout: inactive,
            InstallTimeout: install,
            JoinRetransPeriod: joinRetrans,
            PeerTimeout: peerTimeout,
            // evs.send_window / evs.user_send_window: EVS messages a node may have in flight beyond what every member
            // acknowledged. Galera's 4/2 queue write-sets behind two in flight (oltp_insert 0.76–0.83 of N/F from 4
            // clients up, docs/performance.md). Each committing client has at most one write-set in flight, so 32 user
            // messages never hold back up to 32 concurrent committers per node; beyond that, queued write-sets are packed
            // into one message (evs.use_aggregate). Measured against 512/256 (Percona 2016;
            // docs/lab-notes.md#wan-tuned-options, docs/performance.md#what-each-setting-did): the same throughput at
            // 16 clients, equal or better at 64, with 40 % fewer WAN packets and about a sixth less CPU.
            // user_send_window ≤ send_window is enforced by Galera.
            // https://galeracluster.com/library/documentation/galera-parameters.html#evs-user-send-window
            SendWindow: 64,
            UserSendWindow: 32,
            // gcs.fc_limit: 128 write-sets in the receive queue before flow control pauses writers; with it, fc_sent
            // stayed 0 at 64 clients in the lab (default 16 paused writers). https://galeracluster.com/library/documentation/galera-parameters.html#gcs-fc-limit
            FcLimit: 128,
            // gcache.size: ring buffer that serves IST. 128M fits the lab's memory budget and still covers minutes
            // of lab write load, so a node rejoining after a partition gets IST (3–4 s) instead of SST (16–18 s).
            // https://galeracluster.com/library/documentation/galera-parameters.html#gcache-size
            GcacheSize: "128M");
    }

    /// <summary>
    /// etcd Raft timing (https://etcd.io/docs/v3.4/tuning/#time-parameters): heartbeat ≈ the largest RTT (floor 100 ms,
    /// etcd's default), election = 10 × heartbeat, pre-vote on. docs/lab-notes.md#etcd-over-the-wan: 150/1500 survived 1.5 s cuts,
    /// and pre-vote removed elections even for 4 s cuts of one link.
    /// </summary>
    private static EtcdWanTuning DeriveEtcd(TimeSpan maxRtt)
    {
        // Round up to 10 ms so configs stay readable (150, not 151).
        var heartbeatMs = Math.Max(100, (int)Math.Ceiling(maxRtt.TotalMilliseconds / 10) * 10);
        return new EtcdWanTuning(heartbeatMs, heartbeatMs * 10, PreVote: true);
    }

    /// <summary>
    /// strongSwan retransmission and DPD (https://docs.strongswan.org/docs/latest/config/retransmission.html,
    /// https://docs.strongswan.org/docs/latest/swanctl/swanctlConf.html dpd_delay). The dead-peer time
    /// (DPD delay plus every retransmit) must exceed Galera's suspect timeout, so that Galera – not a torn-down
    /// tunnel – decides membership (docs/lab-notes.md#isolating-one-region: 6.4 s against PT5S).
    /// </summary>
    private static IkeWanTuning DeriveIke(TimeSpan maxRtt, TimeSpan suspect)
    {
        // retransmit_timeout: first retransmit after max(1 s, 2 RTTs); base 1.4 and 2 tries give ~4.4 s of
        // retransmits in the lab instead of the default's minutes.
        var retransmitTimeout = Math.Max(1.0, Math.Ceiling(maxRtt.TotalSeconds * 2 * 10) / 10);
        const double retransmitBase = 1.4;
        const int retransmitTries = 2;
        var probe = new IkeWanTuning(TimeSpan.Zero, retransmitTimeout, retransmitBase, retransmitTries);

        // dpd_delay: whole seconds (swanctl time values), at least the lab's 2 s, and long enough that
        // dpd_delay + retransmits ≥ suspect + margin.
        var needed = suspect + IkeMarginOverSuspect - probe.DeadPeerTime;
        var dpdSeconds = Math.Max(2, (int)Math.Ceiling(needed.TotalSeconds));
        return probe with { DpdDelay = TimeSpan.FromSeconds(dpdSeconds) };
    }

    private static TimeSpan RoundUp(TimeSpan value) =>
        TimeSpan.FromTicks((value.Ticks + GaleraGranularity.Ticks - 1) / GaleraGranularity.Ticks * GaleraGranularity.Ticks);

    /// <summary>The next multiple of the granularity strictly above <paramref name="value"/>.</summary>
    private static TimeSpan RoundUpAbove(TimeSpan value) =>
        TimeSpan.FromTicks(((value.Ticks / GaleraGranularity.Ticks) + 1) * GaleraGranularity.Ticks);

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
