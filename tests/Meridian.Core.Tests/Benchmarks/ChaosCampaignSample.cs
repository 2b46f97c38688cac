using System.Collections.Immutable;
using Meridian.Core.Benchmarks;
using Meridian.Core.Chaos;

namespace Meridian.Core.Tests.Benchmarks;

/// <summary>Builders for the fault campaign tests: a run starting at a fixed instant, samples every 0.5 s.</summary>
internal static class ChaosCampaignSample
{
    public static readonly DateTimeOffset Start = new(2025, 3, 14, 12, 0, 0, TimeSpan.Zero);

    public static DateTimeOffset At(double seconds) => Start + TimeSpan.FromSeconds(seconds);

    /// <summary>One sample every 0.5 s from 0 to <paramref name="until"/> s, each taking 0.1 s; not synced inside any of <paramref name="outages"/>.</summary>
    public static ImmutableArray<ClusterHealthSample> Samples(double until, params (double From, double To)[] outages)
    {
        var samples = ImmutableArray.CreateBuilder<ClusterHealthSample>();
        for (var t = 0.0; t <= until; t += 0.5)
        {
            var down = outages.Any(o => t >= o.From && t < o.To);
            samples.Add(new ClusterHealthSample(At(t), At(t + 0.1), down ? 2 : 3, 3));
        }

        return samples.ToImmutable();
    }

    public static InjectedFault Instant(int index, FaultKind kind, double at, bool overlaps = false) =>
        new(index, new ScheduledFault(TimeSpan.FromSeconds(at), kind, "a", TimeSpan.Zero, overlaps), At(at), null, null);

    public static InjectedFault Timed(int index, FaultKind kind, double at, double duration, bool overlaps = false) =>
        new(index, new ScheduledFault(TimeSpan.FromSeconds(at), kind, "a", TimeSpan.FromSeconds(duration), overlaps), At(at), At(at + duration), null);

    public static ChaosCampaignReport Report(IReadOnlyList<FaultRecovery> faults, CampaignCheckResult? check = null, EndpointReadSummary? reads = null, double runSeconds = 600)
    {
        var kinds = FaultKinds.All;
        var report = new ChaosCampaignReport(
            Start + TimeSpan.FromMinutes(12),
            "<built-in default>",
            "chaos",
            runSeconds + 60,
            new ChaosCampaignSettings(7, runSeconds, 4, 8, 6, 10, 0.25, 1, 3, 120, 3, 0.5, 2),
            [.. kinds.Select(FaultKinds.Name)],
            [.. faults],
            ChaosRecoveryAnalyzer.Summarize(faults, kinds),
            check ?? new CampaignCheckResult(true, true, 5000, 12, 0, 0, 0, [], 1.5, ImmutableSortedDictionary<string, int>.Empty.Add("non-primary-1047", 10)),
            reads ?? new EndpointReadSummary(3000, 2900, 0, []),
            []);
        return report with { Targets = ChaosCampaignTargets.Evaluate(report) };
    }

    /// <summary>Seven of every kind, each recovered in (kind index + 1) s; crash-all in 8 s.</summary>
    public static ImmutableArray<FaultRecovery> AllRecovered()
    {
        var faults = ImmutableArray.CreateBuilder<FaultRecovery>();
        var index = 0;
        for (var round = 0; round < 7; round++)
        {
            foreach (var kind in FaultKinds.All)
            {
                var seconds = (double)((int)kind + 1);
                faults.Add(new FaultRecovery(index, FaultKinds.Name(kind), "a", index * 10.0, FaultKinds.IsTimed(kind) ? 5 : 0, FaultKinds.IsTimed(kind), false, round == 6 && kind == FaultKind.KillNode, null, seconds, seconds + (FaultKinds.IsTimed(kind) ? 5 : 0)));
                index++;
            }
        }

        return faults.ToImmutable();
    }
}
