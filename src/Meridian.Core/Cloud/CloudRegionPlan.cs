using System.Collections.Immutable;

namespace Meridian.Core.Cloud;

/// <summary>
/// Everything one Meridian region needs in its AWS region, in creation order. <see cref="Ami"/> null means "the latest
/// official Debian 12 image", looked up at apply time.
/// </summary>
public sealed record CloudRegionPlan(string Region, string AwsRegion, string? Ami, ImmutableArray<CloudResource> Resources)
{
    public IEnumerable<T> OfType<T>()
        where T : CloudResource => Resources.OfType<T>();
}
