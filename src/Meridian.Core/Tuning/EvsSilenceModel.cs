using Meridian.Core.Spec;

namespace Meridian.Core.Tuning;

/// <summary>
/// How long a healthy WAN link can stay silent, as Galera's EVS layer sees it, given the RTT matrix and the declared
/// jitter and loss (docs/architecture.md#failover-timeouts-from-rtt-jitter-and-loss). Pure.
/// <para>
/// gcomm carries EVS messages over TCP (gmcast, <c>tcp://</c> or <c>ssl://</c>), so a lost packet never loses a
/// keepalive: it holds back the stream until TCP resends it. One loss costs about one recovery time: the worst round
/// trip plus Linux's minimum retransmission timeout of 200 ms (TCP_RTO_MIN; RFC 6298 section 2 with Linux's lower
/// floor). With traffic flowing, Linux finds a lost retransmission again within about a round trip (RACK-TLP,
/// RFC 8985), so a run of n losses of the same segment costs about n recoveries. A run is as long as it must be for
/// its probability, lossⁿ, to stay below <see cref="LossRunProbability"/>.
/// </para>
/// <para>
/// Jitter (uniform ± per direction, as the lab applies it) adds twice its amplitude to a round trip and spreads two
/// consecutive packets by as much. A spec that declares less than <see cref="AssumedJitterFraction"/> of a link's RTT
/// or less than <see cref="AssumedLoss"/> gets those: issue 15 defines a realistic WAN by them, and the derived
/// timeouts must not evict anyone on one.
/// </para>
/// </summary>
public sealed record EvsSilenceModel(TimeSpan WorstRoundTrip, TimeSpan JitterSpread, double Loss)
{
    /// <summary>Jitter assumed on every link, as a fraction of its RTT, when the spec declares less.</summary>
    public const double AssumedJitterFraction = 0.05;

    /// <summary>Loss per packet and direction assumed on every link when the spec declares less.</summary>
    public const double AssumedLoss = 0.005;

    /// <summary>
    /// The longest loss run covered has a probability below this. Over a 10-minute run with of the order of 10⁵–10⁶
    /// segments per link, that leaves about one chance in a thousand of a longer run anywhere.
    /// </summary>
    public const double LossRunProbability = 1e-9;

    /// <summary>Linux's minimum TCP retransmission timeout (TCP_RTO_MIN; https://www.rfc-editor.org/rfc/rfc6298 asks for 1 s, Linux uses 200 ms).</summary>
    public static readonly TimeSpan TcpMinimumRetransmissionTimeout = TimeSpan.FromMilliseconds(200);

    /// <summary>Consecutive losses of one segment that must not cause a suspicion: the smallest n with lossⁿ below <see cref="LossRunProbability"/>.</summary>
    public int LossRun => Loss <= 0 ? 0 : (int)Math.Ceiling(Math.Log(LossRunProbability) / Math.Log(Loss) - 1e-9);

    /// <summary>What one lost segment delays the stream by: a worst round trip plus TCP's minimum retransmission timeout.</summary>
    public TimeSpan LossRecovery => WorstRoundTrip + TcpMinimumRetransmissionTimeout;

    /// <summary>
    /// The longest silence of a healthy peer: an idle keepalive period, <see cref="LossRun"/> recoveries in a row, and
    /// the jitter spread between two packets. evs.suspect_timeout must exceed it.
    /// </summary>
    public TimeSpan LongestHealthySilence(TimeSpan keepalivePeriod) => keepalivePeriod + (LossRecovery * LossRun) + JitterSpread;

    /// <summary>The model for a matrix and its declared impairments, with the assumed floors applied to every pair.</summary>
    public static EvsSilenceModel For(RttMatrix rtt, WanImpairments impairments)
    {
        ArgumentNullException.ThrowIfNull(rtt);
        ArgumentNullException.ThrowIfNull(impairments);
        var worstRoundTrip = TimeSpan.Zero;
        var spread = TimeSpan.Zero;
        var loss = AssumedLoss;
        foreach (var (key, pairRtt) in rtt.ByPair)
        {
            var jitter = EffectiveJitter(pairRtt, impairments.JitterByPair.TryGetValue(key, out var declared) ? declared : TimeSpan.Zero);
            worstRoundTrip = Max(worstRoundTrip, pairRtt + (jitter * 2));
            spread = Max(spread, jitter * 2);
            loss = Math.Max(loss, impairments.LossByPair.TryGetValue(key, out var declaredLoss) ? declaredLoss : 0);
        }

        return new EvsSilenceModel(worstRoundTrip, spread, loss);
    }

    /// <summary>The declared jitter, or <see cref="AssumedJitterFraction"/> of the RTT when that is more.</summary>
    public static TimeSpan EffectiveJitter(TimeSpan rtt, TimeSpan declared) => Max(declared, rtt * AssumedJitterFraction);

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
