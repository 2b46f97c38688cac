namespace Meridian.Core.Cloud;

/// <summary>
/// The tags every resource Meridian creates carries: creation is create-or-adopt by these, and `down` deletes exactly
/// what carries the cluster's tag (docs/providers.md, "Tags and idempotency").
/// </summary>
public static class CloudTags
{
    public const string Cluster = "meridian:cluster";

    public const string PlanId = "meridian:plan-id";

    public const string Name = "Name";
}
