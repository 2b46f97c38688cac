using System.Collections.Immutable;

namespace Meridian.Core.Cloud;

/// <summary>The desired EC2 state of a <c>provider: aws</c> cluster: pure data from the spec and its <see cref="Planning.ClusterPlan"/>.</summary>
public sealed record CloudPlan(string Cluster, ImmutableArray<CloudRegionPlan> Regions)
{
    /// <summary>
    /// The CIDR the <see cref="RuleSourceKind.Operator"/> rules admit (the spec's <c>aws.operatorCidr</c>, or the
    /// address the CLI sees as a /32); see <see cref="CloudRuleSources"/>.
    /// </summary>
    public string OperatorCidr { get; init; } = string.Empty;

    public CloudRegionPlan Region(string name) => Regions.First(r => r.Region == name);
}
