using Meridian.Core.Chaos;

namespace Meridian.Runtime.Bench;

/// <summary>
/// One fault campaign: the seeded schedule's length and shape, the fault kinds, how long a fault may take to recover
/// before it counts as needing an operator (<see cref="Bound"/>), how long a recovery must hold
/// (<see cref="Hold"/>), and how often the cluster is sampled.
/// </summary>
public sealed record ChaosCampaignOptions(
    int Seed,
    TimeSpan RunLength,
    IReadOnlyList<FaultKind> Kinds,
    FaultScheduleOptions Schedule,
    TimeSpan Bound,
    TimeSpan Hold,
    TimeSpan SampleInterval);
