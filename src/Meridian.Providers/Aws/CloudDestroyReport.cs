using Meridian.Core.Cloud;

namespace Meridian.Providers.Aws;

/// <summary>One resource `down` deleted.</summary>
public sealed record DeletedResource(string AwsRegion, CloudResourceKind Kind, string Id, string? PlanId);

/// <summary>What `down` deleted, in order, and the regions where deleting failed (what is left stays listed by `meridian plan`).</summary>
public sealed record CloudDestroyReport(IReadOnlyList<DeletedResource> Deleted, IReadOnlyList<string> Failures);
