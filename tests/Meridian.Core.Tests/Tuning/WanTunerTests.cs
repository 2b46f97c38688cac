using Meridian.Core.Spec;
using Meridian.Core.Tuning;

namespace Meridian.Core.Tests.Tuning;

public sealed class WanTunerTests
{
    public static TheoryData<int[], int, int, int, int, int> FixedMatrices => new()
    {
        // rtts (ms)       suspect  inactive  keepalive  etcd-heartbeat  dpd (ms / s)
        { [65, 150, 100], 5000, 10_000, 1000, 150, 2 },
        { [20, 20, 200], 5000, 10_000, 1000, 200, 2 },
        { [1], 5000, 10_000, 1000, 100, 2 },
        { [316], 5000, 10_000, 1000, 320, 2 },
        { [500, 10, 10], 5000, 10_000, 1000, 500, 2 },
        { [800, 100, 100, 100, 100, 100], 8000, 16_000, 1600, 800, 3 },
        { [2000, 1999], 20_000, 40_000, 4000, 2000, 4 },
    };

    [Theory]
    [MemberData(nameof(FixedMatrices))]
    public void Given_a_fixed_matrix_When_derived_Then_the_values_are_as_tabled_and_every_invariant_holds(
        int[] rttsMs, int suspectMs, int inactiveMs, int keepaliveMs, int heartbeatMs, int dpdSeconds)
    {
        var rtt = Chain(rttsMs);

        var tuning = WanTuner.Derive(rtt);

        Assert.Equal(TimeSpan.FromMilliseconds(suspectMs), tuning.Galera.SuspectTimeout);
        Assert.Equal(TimeSpan.FromMilliseconds(inactiveMs), tuning.Galera.InactiveTimeout);
        Assert.Equal(TimeSpan.FromMilliseconds(keepaliveMs), tuning.Galera.KeepalivePeriod);
        Assert.Equal(heartbeatMs, tuning.Etcd.HeartbeatIntervalMs);
        Assert.Equal(TimeSpan.FromSeconds(dpdSeconds), tuning.Ike.DpdDelay);
        Assert.Empty(WanTuningInvariants.Violations(tuning, rtt));
    }

    [Fact]
    public void Given_the_default_matrix_When_derived_Then_it_matches_the_settings_measured_in_the_lab()
    {
        var tuning = WanTuner.Derive(ClusterSpec.Default.Rtt);

        // docs/lab-notes.md#wan-tuned-options and docs/lab-notes.md#isolating-one-region.
        Assert.Equal(TimeSpan.FromSeconds(5), tuning.Galera.SuspectTimeout);
        Assert.Equal(TimeSpan.FromSeconds(10), tuning.Galera.InactiveTimeout);
        Assert.Equal(TimeSpan.FromSeconds(10), tuning.Galera.InstallTimeout);
        Assert.Equal(TimeSpan.FromMilliseconds(500), tuning.Galera.JoinRetransPeriod);
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
    public void Given_500_random_matrices_When_derived_Then_every_invariant_holds()
    {
        var random = new Random(20_260_101);
        for (var sample = 0; sample < 600; sample++)
        {
            var regionCount = random.Next(2, 8);
            var regions = Enumerable.Range(1, regionCount).Select(i => $"r{i}").ToArray();
            var pairs = new Dictionary<RegionPair, TimeSpan>();
            for (var i = 0; i < regionCount; i++)
            {
                for (var j = i + 1; j < regionCount; j++)
                {
                    // Sub-millisecond precision too, to exercise the rounding.
                    pairs[new RegionPair(regions[i], regions[j])] = TimeSpan.FromMilliseconds(1 + (random.NextDouble() * 1999));
                }
            }

            var rtt = RttMatrix.Complete(regions, pairs);

            var violations = WanTuningInvariants.Violations(WanTuner.Derive(rtt), rtt);

            Assert.True(violations.Count == 0, $"sample {sample}, max RTT {rtt.Max}: {string.Join("; ", violations)}");
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
            Ike = good.Ike with { DpdDelay = TimeSpan.Zero },
        };

        var violations = WanTuningInvariants.Violations(bad, rtt);

        Assert.Contains(violations, v => v.Contains("install_timeout ≤ evs.inactive_timeout", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.Contains("keepalive_period", StringComparison.Ordinal) && v.Contains("highest RTT", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.Contains("dead-peer", StringComparison.Ordinal));
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
