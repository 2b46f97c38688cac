namespace Meridian.Core.Cloud;

public enum CloudChangeAction
{
    /// <summary>Wanted and not found: `up` creates it.</summary>
    Create,

    /// <summary>Wanted and found (adopted by its tags): `up` leaves it.</summary>
    Keep,

    /// <summary>Found with the cluster's tag but no longer wanted (or `down`): deleted.</summary>
    Delete,
}

/// <summary>One line of `meridian plan`: what happens to one resource, with its EC2 id when it exists.</summary>
public sealed record CloudChange(CloudChangeAction Action, string Region, string AwsRegion, CloudResourceKind Kind, string PlanId, string? Id, string Summary);
