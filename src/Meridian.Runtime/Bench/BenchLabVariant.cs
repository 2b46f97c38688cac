using Meridian.Core.Spec;

namespace Meridian.Runtime.Bench;

/// <summary>One lab the benchmark builds from the base spec: its configuration name, Galera tuning and shape.</summary>
public sealed record BenchLabVariant(string Configuration, string ClusterSuffix, GaleraTuning Tuning, int? NodesPerRegion = null, bool? Segments = null)
{
    public static string NameOf(GaleraTuning tuning) => tuning.ToString().ToLowerInvariant();
}
