using System.Collections.Immutable;
using Meridian.Core.Chaos;

namespace Meridian.Core.Benchmarks;

/// <summary>
/// Turns a campaign's played faults and its health samples into per-fault recovery times (docs/operations.md "Fault
/// campaign"). A fault has recovered at the first fully-synced sample taken after its heal (or injection) that stays
/// fully synced for <c>hold</c>, or until the next fault is injected, or until sampling ends: a Galera view that still
/// shows three members right after a heal, and loses one a second later, does not count as recovered.
/// </summary>
public static class ChaosRecoveryAnalyzer
{
    public static ImmutableArray<FaultRecovery> Measure(
        DateTimeOffset runStart,
        IReadOnlyList<InjectedFault> faults,
        IReadOnlyList<ClusterHealthSample> samples,
        TimeSpan bound,
        TimeSpan hold)
    {
        ArgumentNullException.ThrowIfNull(faults);
        ArgumentNullException.ThrowIfNull(samples);
        var ordered = samples.OrderBy(s => s.StartedAt).ToArray();
        var injections = faults.Where(f => f.InjectedAt is not null).Select(f => f.InjectedAt!.Value).Order().ToArray();
        var results = ImmutableArray.CreateBuilder<FaultRecovery>();
        DateTimeOffset? previousRecovered = null;
        var previousInjected = false;
        foreach (var fault in faults.OrderBy(f => f.Index))
        {
            var planned = fault.Planned;
            var kind = FaultKinds.Name(planned.Kind);
            var timed = FaultKinds.IsTimed(planned.Kind);
            if (fault.InjectedAt is not { } injectedAt || fault.RecoveryStart is not { } reference)
            {
                results.Add(new FaultRecovery(
                    fault.Index, kind, planned.Target, planned.At.TotalSeconds, planned.Duration.TotalSeconds, timed, planned.Overlaps, false,
                    fault.NotInjectedBecause ?? "not injected", null, null));
                continue;
            }

            // A double fault: the previous injected fault had not recovered (or never did) when this one arrived.
            var duringRecovery = previousInjected && (previousRecovered is not { } before || before > injectedAt);
            var recoveredAt = RecoveredAt(ordered, reference, injections, hold);
            if (recoveredAt is { } at && at - reference > bound)
            {
                recoveredAt = null;
            }

            results.Add(new FaultRecovery(
                fault.Index,
                kind,
                planned.Target,
                Round((injectedAt - runStart).TotalSeconds),
                planned.Duration.TotalSeconds,
                timed,
                planned.Overlaps,
                duringRecovery,
                null,
                recoveredAt is { } healed ? Round((healed - reference).TotalSeconds) : null,
                recoveredAt is { } whole ? Round((whole - injectedAt).TotalSeconds) : null));
            previousInjected = true;
            previousRecovered = recoveredAt;
        }

        return results.ToImmutable();
    }

    /// <summary>Per kind, in <paramref name="kinds"/> order (kinds with no fault at all are listed with zero counts).</summary>
    public static ImmutableArray<FaultKindSummary> Summarize(IReadOnlyList<FaultRecovery> faults, IEnumerable<FaultKind> kinds)
    {
        ArgumentNullException.ThrowIfNull(faults);
        ArgumentNullException.ThrowIfNull(kinds);
        return [.. kinds.Select(kind =>
        {
            var name = FaultKinds.Name(kind);
            var ofKind = faults.Where(f => f.Kind == name).ToList();
            var afterHeal = ofKind.Where(f => f.SecondsAfterHeal is not null).Select(f => f.SecondsAfterHeal!.Value).ToList();
            var afterInjection = ofKind.Where(f => f.SecondsAfterInjection is not null).Select(f => f.SecondsAfterInjection!.Value).ToList();
            var alone = ofKind.Where(f => f.SecondsAfterHeal is not null && !f.ArrivedDuringRecovery).Select(f => f.SecondsAfterHeal!.Value).ToList();
            return new FaultKindSummary(
                name,
                FaultKinds.IsTimed(kind),
                ofKind.Count,
                ofKind.Count(f => f.Injected),
                afterHeal.Count,
                ofKind.Count(f => f.ArrivedDuringRecovery),
                Median(afterHeal),
                afterHeal.Count == 0 ? null : afterHeal.Max(),
                Median(afterInjection),
                afterInjection.Count == 0 ? null : afterInjection.Max(),
                Median(alone),
                alone.Count == 0 ? null : alone.Max());
        })];
    }

    /// <summary>The median (the mean of the middle two for an even count) to 0.1 s, or null for no values.</summary>
    public static double? Median(IReadOnlyCollection<double> values) =>
        BenchStatistics.Median(values) is { } median ? Round(median) : null;

    private static DateTimeOffset? RecoveredAt(ClusterHealthSample[] samples, DateTimeOffset reference, DateTimeOffset[] injections, TimeSpan hold)
    {
        for (var i = 0; i < samples.Length; i++)
        {
            var candidate = samples[i];
            if (candidate.StartedAt < reference || !candidate.FullySynced)
            {
                continue;
            }

            // The hold ends early at the next fault injected after this sample: what that fault does is its own recovery.
            var holdUntil = candidate.StartedAt + hold;
            var next = Array.Find(injections, t => t > candidate.StartedAt);
            if (next != default && next < holdUntil)
            {
                holdUntil = next;
            }

            var held = true;
            for (var j = i + 1; j < samples.Length && samples[j].StartedAt < holdUntil; j++)
            {
                if (!samples[j].FullySynced)
                {
                    held = false;
                    break;
                }
            }

            if (held)
            {
                return candidate.FinishedAt;
            }
        }

        return null;
    }

    private static double Round(double seconds) => Math.Round(seconds, 1);
}
