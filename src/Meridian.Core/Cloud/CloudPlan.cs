using System.Collections.Immutable;

namespace Meridian.Core.Cloud;

/// <summary>The desired EC2 state of a <c>provider: aws</c> cluster: pure data from the spec and its <see cref="Planning.ClusterPlan"/>.</summary>
public sealed record CloudPlan(string Cluster, ImmutableArray<CloudRegionPlan> Regions)
{
    public CloudRegionPlan Region(string name) => Regions.First(r => r.Region == name);
}
