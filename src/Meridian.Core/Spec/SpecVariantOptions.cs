namespace Meridian.Core.Spec;

/// <summary>
/// What <see cref="SpecVariant.Apply"/> changes in a spec: always the cluster name (each variant runs as its own
/// cluster, so namespaces never collide); <c>galera.tuning</c> and every region's <c>nodes</c> only when given.
/// </summary>
public sealed record SpecVariantOptions(string Cluster, GaleraTuning? Tuning = null, int? NodesPerRegion = null, bool? Segments = null);
