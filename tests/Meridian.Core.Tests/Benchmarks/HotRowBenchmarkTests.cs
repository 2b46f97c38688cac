using Meridian.Core.Benchmarks;
using Meridian.Core.Spec;
using Meridian.Core.Tuning;

namespace Meridian.Core.Tests.Benchmarks;

public sealed class HotRowBenchmarkTests
{
    private static readonly GaleraWanTuning Derived = WanTuner.Derive(ClusterSpec.Default.Rtt).Galera;

    public static TheoryData<string, int, int, int> VariantValues => new()
    {
        // variant                              send  user  fc_limit
        { HotRowVariants.Derived,               64,   32,   128 },
        { HotRowVariants.Defaults,              4,    2,    16 },
        { HotRowVariants.UserWindowReverted,    64,   2,    128 },
        { HotRowVariants.WindowsReverted,       4,    2,    128 },
        { HotRowVariants.FcLimitReverted,       64,   32,   16 },
    };

    [Theory]
    [MemberData(nameof(VariantValues))]
    public void Given_the_default_matrix_When_a_variant_is_built_Then_it_sets_the_tabled_values_with_the_user_window_lowered_first(string name, int send, int user, int fcLimit)
    {
        var variant = HotRowVariants.For(Derived).Single(v => v.Name == name);

        Assert.Equal(["evs.user_send_window=1", $"evs.send_window={send}", $"evs.user_send_window={user}", $"gcs.fc_limit={fcLimit}"], variant.RuntimeOptions);
    }

    [Fact]
    public void Given_any_variant_order_When_each_is_applied_after_another_Then_no_step_puts_the_user_window_above_the_send_window()
    {
        var variants = HotRowVariants.For(Derived);
        foreach (var from in variants)
        {
            foreach (var to in variants)
            {
                var (send, user) = Windows(from.RuntimeOptions, 1_000, 1_000);
                foreach (var option in to.RuntimeOptions)
                {
                    (send, user) = Windows([option], send, user);
                    Assert.True(user <= send, $"{from.Name} → {to.Name}: after {option}, user {user} > send {send}");
                }
            }
        }
    }

    [Fact]
    public void Given_names_When_selected_Then_the_order_is_kept_duplicates_dropped_and_an_unknown_name_lists_the_known_ones()
    {
        Assert.Equal(["defaults", "derived"], HotRowVariants.Select(Derived, ["defaults", "derived", "defaults"]).Select(v => v.Name));

        var error = Assert.Throws<ArgumentException>(() => HotRowVariants.Select(Derived, ["derivd"]));
        Assert.Contains("derivd", error.Message, StringComparison.Ordinal);
        Assert.Contains("user-window", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Given_runs_When_summarised_Then_each_variant_and_rows_gets_its_median_spread_and_conflict_rates()
    {
        HotRowRun Run(string variant, string rows, double seconds, long commits, long conflicts, long cert, long bf, double? unseen) =>
            new(variant, 1, rows, seconds, commits, conflicts, 0, new HotRowCounters(cert, bf, 0, seconds / 10, 0.5, cert, unseen));
        var runs = new[]
        {
            Run("derived", "hot", 20, 800, 200, 100, 100, 3),
            Run("defaults", "hot", 20, 600, 100, 40, 60, 1),
            Run("derived", "hot", 20, 1000, 100, 60, 40, 2),
            Run("derived", "disjoint", 10, 3000, 0, 0, 0, null),
            Run("derived", "hot", 20, 400, 400, 200, 200, 5),
        };

        var summaries = HotRowSummary.Of(runs);

        Assert.Equal([("derived", "hot"), ("defaults", "hot"), ("derived", "disjoint")], summaries.Select(s => (s.Variant, s.Rows)));
        var derivedHot = summaries[0];
        Assert.Equal(3, derivedHot.Runs);
        Assert.Equal(40, derivedHot.MedianCommitsPerSecond);
        Assert.Equal(20, derivedHot.MinCommitsPerSecond);
        Assert.Equal(50, derivedHot.MaxCommitsPerSecond);
        Assert.Equal(0.2, derivedHot.MedianConflictShare);
        Assert.Equal(5, derivedHot.MedianCertFailuresPerSecond);
        Assert.Equal(5, derivedHot.MedianBfAbortsPerSecond);
        Assert.Equal(0.1, derivedHot.MedianFlowControlPausedShare);
        Assert.Equal(3, derivedHot.MedianUnseenWriteSets);
        Assert.Null(summaries[2].MedianUnseenWriteSets);
        Assert.Equal(300, summaries[2].MedianCommitsPerSecond);
    }

    [Fact]
    public void Given_status_reads_before_and_after_When_compared_Then_counters_are_summed_over_nodes_and_a_missing_node_adds_nothing()
    {
        static IReadOnlyDictionary<string, string> Status(long cert, long bf, long fcSent, long pausedNs, string queueAvg) => new Dictionary<string, string>
        {
            ["wsrep_local_cert_failures"] = cert.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["wsrep_local_bf_aborts"] = bf.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["wsrep_flow_control_sent"] = fcSent.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["wsrep_flow_control_paused_ns"] = pausedNs.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["wsrep_local_recv_queue_avg"] = queueAvg,
        };
        IReadOnlyList<IReadOnlyDictionary<string, string>?> before = [Status(10, 5, 0, 0, "0"), Status(3, 1, 2, 1_000_000_000, "0"), null];
        IReadOnlyList<IReadOnlyDictionary<string, string>?> after = [Status(15, 9, 1, 500_000_000, "0.25"), Status(4, 1, 2, 3_000_000_000, "1.5"), Status(99, 99, 99, 99, "9")];

        var counters = HotRowCounters.Between(before, after, 7, [1, 2, 6]);

        Assert.Equal(new HotRowCounters(6, 4, 1, 2.5, 9, 7, 2), counters);
    }

    private static (int Send, int User) Windows(IEnumerable<string> options, int send, int user)
    {
        foreach (var option in options)
        {
            var value = int.Parse(option[(option.IndexOf('=', StringComparison.Ordinal) + 1)..], System.Globalization.CultureInfo.InvariantCulture);
            if (option.StartsWith("evs.send_window=", StringComparison.Ordinal))
            {
                send = value;
            }
            else if (option.StartsWith("evs.user_send_window=", StringComparison.Ordinal))
            {
                user = value;
            }
        }

        return (send, user);
    }
}
