using Meridian.Core.Spec;
using Meridian.Core.Tuning;

namespace Meridian.Core.Tests.Tuning;

public sealed class WanTunerTests
{
    public static TheoryData<int[], int, int, int, int, int, int> FixedMatrices => new()
    {
        // Every matrix with the assumed 5 % jitter and 0.5 % loss (4 loss recoveries), nothing declared.
        // rtts (ms)                      suspect  inactive  keepalive  check  etcd-heartbeat  dpd (ms / s)
        { [65, 150, 100],                   1900,    5700,     400,     200,   150,  2 },
        { [20, 20, 200],                    2300,    6900,     500,     300,   200,  2 },
        { [1],                              1100,    3300,     200,     200,   100,  2 },
        { [316],                            3000,    9000,     700,     400,   320,  2 },
        { [500, 10, 10],                    4200,   12_600,   1100,     600,   500,  2 },
        { [800, 100, 100, 100, 100, 100],   6300,   18_900,   1800,     900,   800,  2 },
        { [2000, 1999],                   14_300,   42_900,   4400,    2200,  2000,  2 },
    };

    [Theory]
    [MemberData(nameof(FixedMatrices))]
    public void Given_a_fixed_matrix_When_derived_Then_the_values_are_as_tabled_and_every_invariant_holds(
        int[] rttsMs, int suspectMs, int inactiveMs, int keepaliveMs, int checkMs, int heartbeatMs, int dpdSeconds)
    {
        var rtt = Chain(rttsMs);

        var tuning = WanTuner.Derive(rtt);

        Assert.Equal(TimeSpan.FromMilliseconds(suspectMs), tuning.Galera.SuspectTimeout);
        Assert.Equal(TimeSpan.FromMilliseconds(inactiveMs), tuning.Galera.InactiveTimeout);
        Assert.Equal(TimeSpan.FromMilliseconds(inactiveMs), tuning.Galera.InstallTimeout);
        Assert.Equal(TimeSpan.FromMilliseconds(keepaliveMs), tuning.Galera.KeepalivePeriod);
        Assert.Equal(TimeSpan.FromMilliseconds(checkMs), tuning.Galera.InactiveCheckPeriod);
        Assert.Equal(heartbeatMs, tuning.Etcd.HeartbeatIntervalMs);
        Assert.Equal(TimeSpan.FromSeconds(dpdSeconds), tuning.Ike.DpdDelay);
        Assert.Empty(WanTuningInvariants.Violations(tuning, rtt));
    }

    [Fact]
    public void Given_the_default_matrix_When_derived_Then_a_lost_region_is_expected_to_fail_over_within_3_s()
    {
        var rtt = ClusterSpec.Default.Rtt;

        var tuning = WanTuner.Derive(rtt);

        // 150 ms + 2 × 7.5 ms jitter = 165 ms worst round trip; keepalive 2 × 165 → PT0.4S; silence
        // 0.4 + 4 × (0.165 + 0.2) + 0.015 = 1.875 s → PT1.9S (docs/architecture.md#failover-timeouts-from-rtt-jitter-and-loss).
        Assert.Equal(TimeSpan.FromMilliseconds(1900), tuning.Galera.SuspectTimeout);
        Assert.Equal(TimeSpan.FromMilliseconds(400), tuning.Galera.KeepalivePeriod);
        Assert.Equal(TimeSpan.FromMilliseconds(200), tuning.Galera.InactiveCheckPeriod);
        Assert.Equal(TimeSpan.FromMilliseconds(5700), tuning.Galera.InactiveTimeout);
        Assert.Equal(TimeSpan.FromMilliseconds(5700), tuning.Galera.InstallTimeout);
        var failover = FailoverEstimate.Expected(tuning.Galera, rtt);
        Assert.Equal(TimeSpan.FromMilliseconds(2760), failover);
        Assert.True(failover <= TimeSpan.FromSeconds(3), $"expected failover {failover}");

        // Unchanged by this derivation: windows, flow control, etcd and IKE.
        Assert.Equal(TimeSpan.FromMilliseconds(500), tuning.Galera.JoinRetransPeriod);
        Assert.Equal(TimeSpan.FromSeconds(3), tuning.Galera.PeerTimeout);
        Assert.Equal(64, tuning.Galera.SendWindow);
        Assert.Equal(32, tuning.Galera.UserSendWindow);
        Assert.Equal(128, tuning.Galera.FcLimit);
        Assert.Equal(new EtcdWanTuning(150, 1500, true), tuning.Etcd);
        Assert.Equal(1.0, tuning.Ike.RetransmitTimeoutSeconds);
        Assert.Equal(1.4, tuning.Ike.RetransmitBase);
        Assert.Equal(2, tuning.Ike.RetransmitTries);
        Assert.Equal(TimeSpan.FromSeconds(2), tuning.Ike.DpdDelay);
        Assert.InRange(tuning.Ike.DeadPeerTime.TotalSeconds, 6.3, 6.4);
    }

    [Fact]
    public void Given_Galeras_old_PT5S_set_When_estimated_Then_the_estimate_brackets_the_measured_stall()
    {
        // docs/lab-notes.md#isolating-one-region: one write stalled 5.6–6.1 s with PT5S / PT0.5S.
        var old = WanTuner.Derive(ClusterSpec.Default.Rtt).Galera with
        {
            SuspectTimeout = TimeSpan.FromSeconds(5),
            InactiveCheckPeriod = TimeSpan.FromMilliseconds(500),
        };

        var estimate = FailoverEstimate.Expected(old, ClusterSpec.Default.Rtt);

        Assert.InRange(estimate.TotalSeconds, 6.1, 6.3);
    }

    public static TheoryData<int, double, int, int, int> LossyMatrices => new()
    {
        // Default matrix; jitter declared on us-east-1~ap-northeast-1 (ms), loss declared on every link (%).
        // jitter  loss   suspect  keepalive  failover estimate (ms)
        { 0,   0,     1900, 400, 2760 },
        { 7,   0.5,   1900, 400, 2760 }, // below the assumed 5 % / 0.5 %: no change
        { 30,  0,     2300, 500, 3440 },
        { 0,   2,     2700, 400, 3560 },
        { 30,  2,     3100, 500, 4240 },
        { 0,   20,    5200, 400, 6060 },
    };

    [Theory]
    [MemberData(nameof(LossyMatrices))]
    public void Given_declared_jitter_and_loss_When_derived_Then_the_timeouts_grow_with_them(
        int jitterMs, double lossPercent, int suspectMs, int keepaliveMs, int failoverMs)
    {
        var rtt = ClusterSpec.Default.Rtt;
        var impairments = WanImpairments.From(
            [new(new RegionPair("us-east-1", "ap-northeast-1"), TimeSpan.FromMilliseconds(jitterMs))],
            rtt.ByPair.Keys.Select(k => KeyValuePair.Create(RegionPair.TryParse(k, out var pair) ? pair : throw new FormatException(k), lossPercent / 100)));

        var tuning = WanTuner.Derive(rtt, impairments);

        Assert.Equal(TimeSpan.FromMilliseconds(suspectMs), tuning.Galera.SuspectTimeout);
        Assert.Equal(TimeSpan.FromMilliseconds(keepaliveMs), tuning.Galera.KeepalivePeriod);
        Assert.Equal(TimeSpan.FromMilliseconds(failoverMs), FailoverEstimate.Expected(tuning.Galera, rtt, impairments));
        Assert.Empty(WanTuningInvariants.Violations(tuning, rtt, impairments));
    }

    [Theory]
    [InlineData(0.005, 4)]
    [InlineData(0.001, 4)] // below the assumed loss
    [InlineData(0.01, 5)]
    [InlineData(0.02, 6)]
    [InlineData(0.2, 13)]
    public void Given_a_loss_When_modelled_Then_a_longer_run_of_losses_has_a_probability_below_1e_9(double loss, int run)
    {
        var model = EvsSilenceModel.For(ClusterSpec.Default.Rtt, WanImpairments.From([], [new(new RegionPair("us-east-1", "us-west-2"), loss)]));

        Assert.Equal(run, model.LossRun);
        Assert.True(Math.Pow(model.Loss, run) < EvsSilenceModel.LossRunProbability);
        Assert.True(Math.Pow(model.Loss, run - 1) >= EvsSilenceModel.LossRunProbability);
    }

    [Fact]
    public void Given_600_random_matrices_with_random_jitter_and_loss_When_derived_Then_every_invariant_holds()
    {
        var random = new Random(20_260_101);
        for (var sample = 0; sample < 600; sample++)
        {
            var regionCount = random.Next(2, 8);
            var regions = Enumerable.Range(1, regionCount).Select(i => $"r{i}").ToArray();
            var pairs = new Dictionary<RegionPair, TimeSpan>();
            var jitter = new Dictionary<RegionPair, TimeSpan>();
            var loss = new Dictionary<RegionPair, double>();
            for (var i = 0; i < regionCount; i++)
            {
                for (var j = i + 1; j < regionCount; j++)
                {
                    // Sub-millisecond precision too, to exercise the rounding. Half the samples declare nothing.
                    var pair = new RegionPair(regions[i], regions[j]);
                    var pairRtt = TimeSpan.FromMilliseconds(1 + (random.NextDouble() * 1999));
                    pairs[pair] = pairRtt;
                    if (sample % 2 == 1)
                    {
                        jitter[pair] = pairRtt * (random.NextDouble() * 0.499);
                        loss[pair] = random.NextDouble() * 0.2;
                    }
                }
            }

            var rtt = RttMatrix.Complete(regions, pairs);
            var impairments = WanImpairments.From(jitter, loss);

            var tuning = WanTuner.Derive(rtt, impairments);
            var violations = WanTuningInvariants.Violations(tuning, rtt, impairments);

            Assert.True(violations.Count == 0, $"sample {sample}, max RTT {rtt.Max}: {string.Join("; ", violations)}");
            Assert.True(FailoverEstimate.Expected(tuning.Galera, rtt, impairments) > tuning.Galera.SuspectTimeout);
            if (!impairments.IsEmpty)
            {
                // Declaring jitter and loss never shortens anything.
                var plain = WanTuner.Derive(rtt);
                Assert.True(tuning.Galera.SuspectTimeout >= plain.Galera.SuspectTimeout, $"sample {sample}");
                Assert.True(tuning.Galera.KeepalivePeriod >= plain.Galera.KeepalivePeriod, $"sample {sample}");
            }
        }
    }

    [Fact]
    public void Given_a_tuning_that_breaks_Galeras_ranges_When_checked_Then_each_rule_is_reported()
    {
        var rtt = ClusterSpec.Default.Rtt;
        var good = WanTuner.Derive(rtt);
        var bad = good with
        {
            Galera = good.Galera with { InstallTimeout = good.Galera.InactiveTimeout * 2, KeepalivePeriod = TimeSpan.FromMilliseconds(100) },
            Ike = good.Ike with { DpdDelay = TimeSpan.Zero, RetransmitTries = 0 },
        };

        var violations = WanTuningInvariants.Violations(bad, rtt);

        Assert.Contains(violations, v => v.Contains("install_timeout ≤ evs.inactive_timeout", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.Contains("keepalive_period", StringComparison.Ordinal) && v.Contains("highest RTT", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.Contains("dead-peer", StringComparison.Ordinal));
    }

    [Fact]
    public void Given_a_suspect_timeout_below_the_healthy_silence_When_checked_Then_it_is_reported()
    {
        var rtt = ClusterSpec.Default.Rtt;
        var good = WanTuner.Derive(rtt);
        var tooShort = good with { Galera = good.Galera with { SuspectTimeout = TimeSpan.FromMilliseconds(1800) } };
        var lossy = WanImpairments.From([], [new(new RegionPair("us-east-1", "us-west-2"), 0.02)]);

        Assert.Contains(WanTuningInvariants.Violations(tooShort, rtt), v => v.Contains("longest healthy silence", StringComparison.Ordinal));
        Assert.Contains(WanTuningInvariants.Violations(good, rtt, lossy), v => v.Contains("6 loss recoveries", StringComparison.Ordinal));
    }

    [Fact]
    public void Given_a_sweep_point_When_set_Then_Galeras_ranges_hold_and_the_options_come_in_a_safe_order()
    {
        var derived = WanTuner.Derive(ClusterSpec.Default.Rtt).Galera;

        foreach (var seconds in new[] { 0.6, 1.0, 1.5, 3.0, 5.0 })
        {
            var point = EvsSweep.WithSuspect(derived, TimeSpan.FromSeconds(seconds));

            Assert.Equal(TimeSpan.FromSeconds(seconds), point.SuspectTimeout);
            Assert.True(point.KeepalivePeriod <= point.SuspectTimeout / 3, $"{seconds}: keepalive {point.KeepalivePeriod}");
            Assert.True(point.KeepalivePeriod >= WanTuningInvariants.GaleraMinimumPeriod);
            Assert.True(point.InstallTimeout >= point.KeepalivePeriod * 2 && point.InstallTimeout <= point.InactiveTimeout);
        }

        var options = EvsSweep.RuntimeOptions(EvsSweep.WithSuspect(derived, TimeSpan.FromSeconds(1)));
        Assert.Equal(
            ["evs.keepalive_period=PT0.3S", "evs.inactive_timeout=PT3S", "evs.install_timeout=PT3S", "evs.suspect_timeout=PT1S"],
            options);
    }

    /// <summary>Regions r1..rN+1 with the given RTTs between consecutive pairs first, then the rest at 10 ms.</summary>
    private static RttMatrix Chain(int[] rttsMs)
    {
        var regionCount = 2;
        while (regionCount * (regionCount - 1) / 2 < rttsMs.Length)
        {
            regionCount++;
        }

        var regions = Enumerable.Range(1, regionCount).Select(i => $"r{i}").ToArray();
        var pairs = new Dictionary<RegionPair, TimeSpan>();
        var k = 0;
        for (var i = 0; i < regionCount; i++)
        {
            for (var j = i + 1; j < regionCount; j++)
            {
                pairs[new RegionPair(regions[i], regions[j])] = TimeSpan.FromMilliseconds(k < rttsMs.Length ? rttsMs[k] : 10);
                k++;
            }
        }

        return RttMatrix.Complete(regions, pairs);
    }
}
