namespace Meridian.Core.Spec;

public sealed record GaleraSpec(Durability Durability, SstMethod Sst, GaleraTuning Tuning)
{
    public static readonly GaleraSpec Default = new(Durability.Safe, SstMethod.Mariabackup, GaleraTuning.Derived);
}
