namespace Meridian.Core.Spec;

/// <param name="Segments">
/// One gmcast.segment per region (the default), so a write-set crosses each WAN link once and is relayed inside the
/// region. Only the <c>derived</c> profile uses segments; false puts every node in segment 0 for comparison.
/// </param>
public sealed record GaleraSpec(Durability Durability, SstMethod Sst, GaleraTuning Tuning, bool Segments = true)
{
    public static readonly GaleraSpec Default = new(Durability.Safe, SstMethod.Mariabackup, GaleraTuning.Derived);
}
