namespace Meridian.Providers.Aws;

/// <summary>What `up` did in one region: the plan ids it created, the router's Elastic IP, or why the region failed.</summary>
public sealed record RegionApplyResult(string Region, string AwsRegion, IReadOnlyList<string> Created, string? RouterAddress, string? Failure, string? Fix);

/// <summary>What `up` did in EC2, per region; <see cref="Failed"/> lists the regions whose API failed midway.</summary>
public sealed record CloudApplyReport(IReadOnlyList<RegionApplyResult> Regions)
{
    public int CreatedCount => Regions.Sum(r => r.Created.Count);

    public IEnumerable<RegionApplyResult> Failed => Regions.Where(r => r.Failure is not null);

    public IReadOnlyDictionary<string, string> RouterAddresses =>
        Regions.Where(r => r.RouterAddress is not null).ToDictionary(r => r.Region, r => r.RouterAddress!, StringComparer.Ordinal);
}
