using System.Collections.Immutable;

namespace Meridian.Core.Cloud;

/// <summary>
/// What `up` and `down` must do, from the desired <see cref="CloudPlan"/> and the resources found with the cluster's tag
/// (docs/providers.md, "Tags and idempotency"). A resource is the same one when its kind, AWS region and plan id match:
/// it is kept with its EC2 id, so a re-run or a crashed `up` converges instead of creating duplicates. Whatever carries the
/// cluster's tag and is not adopted is listed for deletion, so nothing is leaked without `meridian plan` showing it.
/// </summary>
public static class CloudDiff
{
    /// <summary>
    /// Keep or Create for every desired resource, in plan order (region by region, creation order), then Delete for every
    /// live observed resource nothing adopted, in <see cref="CloudOrder.Destroy"/> order. When two live resources carry one
    /// plan id (which only a bug or a hand-made copy produces), the one with the smallest id is kept and the other deleted.
    /// </summary>
    public static ImmutableArray<CloudChange> Diff(CloudPlan desired, IReadOnlyList<ObservedResource> observed)
    {
        ArgumentNullException.ThrowIfNull(desired);
        ArgumentNullException.ThrowIfNull(observed);
        var live = observed.Where(o => !o.IsGone).OrderBy(o => o.Id, StringComparer.Ordinal).ToList();
        var adopted = new HashSet<ObservedResource>(ReferenceEqualityComparer.Instance);
        var changes = ImmutableArray.CreateBuilder<CloudChange>();
        foreach (var region in desired.Regions)
        {
            foreach (var resource in region.Resources)
            {
                var found = live.FirstOrDefault(o =>
                    o.Kind == resource.Kind
                    && o.PlanId == resource.PlanId
                    && string.Equals(o.AwsRegion, region.AwsRegion, StringComparison.Ordinal)
                    && !adopted.Contains(o));
                if (found is not null)
                {
                    adopted.Add(found);
                }

                changes.Add(new CloudChange(
                    found is null ? CloudChangeAction.Create : CloudChangeAction.Keep,
                    region.Region,
                    region.AwsRegion,
                    resource.Kind,
                    resource.PlanId,
                    found?.Id,
                    CloudSummary.Of(resource)));
            }
        }

        var regionByAws = desired.Regions
            .GroupBy(r => r.AwsRegion, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().Region, StringComparer.Ordinal);
        changes.AddRange(Deletions(live.Where(o => !adopted.Contains(o)), regionByAws));
        return changes.ToImmutable();
    }

    /// <summary>`down`: Delete for every live resource with the cluster's tag, in <see cref="CloudOrder.Destroy"/> order, then by region.</summary>
    public static ImmutableArray<CloudChange> Destroy(IReadOnlyList<ObservedResource> observed)
    {
        ArgumentNullException.ThrowIfNull(observed);
        return [.. Deletions(observed.Where(o => !o.IsGone), new Dictionary<string, string>(StringComparer.Ordinal))];
    }

    private static IEnumerable<CloudChange> Deletions(IEnumerable<ObservedResource> resources, IReadOnlyDictionary<string, string> regionByAws) =>
        resources
            .Select(o => new CloudChange(
                CloudChangeAction.Delete,
                RegionOf(o, regionByAws),
                o.AwsRegion,
                o.Kind,
                o.PlanId ?? string.Empty,
                o.Id,
                CloudSummary.Of(o)))
            .OrderBy(c => DestroyRank(c.Kind))
            .ThenBy(c => c.Region, StringComparer.Ordinal)
            .ThenBy(c => c.AwsRegion, StringComparer.Ordinal)
            .ThenBy(c => c.PlanId, StringComparer.Ordinal)
            .ThenBy(c => c.Id, StringComparer.Ordinal);

    /// <summary>The Meridian region: from the plan id, else the planned region in that AWS region, else the AWS region itself.</summary>
    private static string RegionOf(ObservedResource o, IReadOnlyDictionary<string, string> regionByAws) =>
        CloudPlanIds.RegionOf(o.PlanId) ?? (regionByAws.TryGetValue(o.AwsRegion, out var region) ? region : o.AwsRegion);

    private static int DestroyRank(CloudResourceKind kind)
    {
        var rank = CloudOrder.Destroy.IndexOf(kind);
        return rank < 0 ? int.MaxValue : rank;
    }
}
