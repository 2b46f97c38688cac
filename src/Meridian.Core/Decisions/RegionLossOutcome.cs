namespace Meridian.Core.Decisions;

/// <summary>
/// What is left after one whole region is lost (crashed or cut off). Weights are Galera pc.weight votes:
/// one per data node, one per arbitrator. etcd counts one member per region.
/// </summary>
public sealed record RegionLossOutcome(
    string Region,
    int LostWeight,
    int RemainingWeight,
    int TotalWeight,
    bool GaleraKeepsPrimary,
    int EtcdMembersLeft,
    int EtcdMembersTotal,
    bool EtcdKeepsQuorum)
{
    public bool Survives => GaleraKeepsPrimary && EtcdKeepsQuorum;
}
