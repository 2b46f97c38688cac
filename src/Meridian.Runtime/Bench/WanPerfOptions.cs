using System.Collections.Immutable;
using Meridian.Core.Spec;

namespace Meridian.Runtime.Bench;

/// <summary>What `meridian bench wan` runs. The defaults fit in about 10 minutes on the 2-core lab machine.</summary>
public sealed record WanPerfOptions(
    ImmutableArray<GaleraTuning> Configurations,
    ImmutableArray<int> ClientCounts,
    TimeSpan Duration,
    int ProbeCount,
    int WritersPerRegion,
    bool SegmentsExperiment,
    string ClusterPrefix,
    string StateRoot)
{
    public static readonly ImmutableArray<GaleraTuning> AllConfigurations = [GaleraTuning.Derived, GaleraTuning.Defaults, GaleraTuning.Tutorial];

    public static readonly ImmutableArray<int> DefaultClientCounts = [1, 4, 16, 64];

    public static readonly TimeSpan DefaultDuration = TimeSpan.FromSeconds(7);

    /// <summary>The client count of the run whose WAN bytes are counted: busy enough to dwarf the idle chatter, below flow control.</summary>
    public int TrafficClients => ClientCounts.Where(c => c <= 16).DefaultIfEmpty(ClientCounts.Min()).Max();
}
