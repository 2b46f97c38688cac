namespace Meridian.Core.Galera;

/// <summary>
/// What one mariadbd error log (or a stretch of it) says about Galera membership, as counted by
/// <see cref="MembershipLog.Count"/>. On a run where every node stays up, every one of these is a false positive.
/// </summary>
/// <param name="ViewChanges">New views installed ("view(view_id(PRIM,…" or NON_PRIM).</param>
/// <param name="NonPrimaryViews">Of those, how many left this node outside the primary component.</param>
/// <param name="PartitionedMembers">Members the new views list under "partitioned" or "left": nodes dropped from the view.</param>
/// <param name="Suspicions">"suspecting node:" lines: a peer silent for evs.suspect_timeout.</param>
/// <param name="InactiveDeclarations">A peer declared inactive: by this node alone ("declaring inactive", "detected inactive node") or by consensus ("as inactive").</param>
/// <param name="Evictions">Lines reporting an eviction ("evicting member … permanently from group" with evs.auto_evict, "evicted" from gmcast), not the configuration dump or "unevicting".</param>
public sealed record MembershipEvents(int ViewChanges, int NonPrimaryViews, int PartitionedMembers, int Suspicions, int InactiveDeclarations, int Evictions)
{
    public static readonly MembershipEvents None = new(0, 0, 0, 0, 0, 0);

    /// <summary>Every membership change or eviction: the number <c>bench/false-evictions.sh</c> requires to be 0.</summary>
    public int Total => ViewChanges + Evictions;

    public MembershipEvents Plus(MembershipEvents other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new(
            ViewChanges + other.ViewChanges,
            NonPrimaryViews + other.NonPrimaryViews,
            PartitionedMembers + other.PartitionedMembers,
            Suspicions + other.Suspicions,
            InactiveDeclarations + other.InactiveDeclarations,
            Evictions + other.Evictions);
    }
}
