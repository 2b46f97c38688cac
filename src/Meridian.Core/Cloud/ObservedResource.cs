namespace Meridian.Core.Cloud;

/// <summary>
/// A resource found in an AWS region carrying the cluster's tag: its EC2 id and plan id (null when the plan-id tag is
/// missing), and its state as EC2 reports it ("running", "terminated", "available", …). Terminated instances and
/// deleted resources that EC2 still lists are <see cref="IsGone"/> and count as absent.
/// </summary>
public sealed record ObservedResource(CloudResourceKind Kind, string AwsRegion, string Id, string? PlanId, string State)
{
    public bool IsGone => State is "terminated" or "shutting-down" or "deleted" or "deleting";
}
