using System.Collections.Immutable;

namespace Meridian.Core.Chaos;

/// <summary>
/// A pure, seeded fault schedule: the same seed, run length, faults and targets give the same schedule, so a failing
/// chaos run can be replayed exactly. A fault is scheduled only if it (including its duration) ends within the run.
/// With <see cref="FaultScheduleOptions.OverlapChance"/> some faults follow the previous one during its recovery
/// (marked <see cref="ScheduledFault.Overlaps"/>); the first fault never overlaps.
/// </summary>
public static class FaultScheduler
{
    public static ImmutableArray<ScheduledFault> Plan(int seed, TimeSpan runLength, IReadOnlyList<FaultKind> kinds, FaultTargets targets, FaultScheduleOptions options)
    {
        ArgumentNullException.ThrowIfNull(kinds);
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(options);
        var usable = kinds.Where(k => targets.For(FaultKinds.TargetOf(k)).Length > 0).Distinct().ToArray();
        if (usable.Length == 0 || runLength <= TimeSpan.Zero)
        {
            return [];
        }

        // System.Random with a seed is deterministic across runs of the same .NET version, which is all a replay needs.
        var random = new Random(seed);
        var faults = ImmutableArray.CreateBuilder<ScheduledFault>();
        var bag = new List<FaultKind>();
        var at = options.FirstAt;
        var overlaps = false;
        while (true)
        {
            var kind = options.EveryKindInTurn ? NextFromBag(random, bag, usable) : usable[random.Next(usable.Length)];
            var candidates = targets.For(FaultKinds.TargetOf(kind));
            var target = candidates[random.Next(candidates.Length)];
            var duration = FaultKinds.IsTimed(kind) ? Between(random, options.MinFaultDuration, options.MaxFaultDuration) : TimeSpan.Zero;
            if (at + duration > runLength)
            {
                return faults.ToImmutable();
            }

            faults.Add(new ScheduledFault(at, kind, target, duration, overlaps));
            overlaps = options.OverlapChance > 0 && random.NextDouble() < options.OverlapChance;
            at += duration + (overlaps ? Between(random, options.MinOverlapGap, options.MaxOverlapGap) : Between(random, options.MinQuiet, options.MaxQuiet));
        }
    }

    /// <summary>Takes a random kind from the bag, refilling it with every usable kind when it is empty.</summary>
    private static FaultKind NextFromBag(Random random, List<FaultKind> bag, FaultKind[] usable)
    {
        if (bag.Count == 0)
        {
            bag.AddRange(usable);
        }

        var index = random.Next(bag.Count);
        var kind = bag[index];
        bag.RemoveAt(index);
        return kind;
    }

    private static TimeSpan Between(Random random, TimeSpan min, TimeSpan max) =>
        TimeSpan.FromSeconds(Math.Round(min.TotalSeconds + (random.NextDouble() * (max - min).TotalSeconds)));
}
