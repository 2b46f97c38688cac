using System.Collections.Immutable;
using Meridian.Core.Planning;
using Meridian.Core.Rendering;
using Meridian.Core.Spec;

namespace Meridian.Core.Tests.Rendering;

/// <summary>The default plan rendered with a fixed layout and fixed secrets, so output is byte-stable.</summary>
internal static class RenderFixture
{
    public static readonly DeploymentLayout Layout = new("/var/lib/meridian/demo");

    public static readonly ClusterSecrets Secrets = new("SstPasswordForGoldenFiles", "AppPasswordForGoldenFiles");

    public static ClusterPlan DefaultPlan => Planner.Plan(ClusterSpec.Default);

    public static ImmutableArray<RenderedFile> RenderDefault() => ClusterRenderer.Render(DefaultPlan, Layout, Secrets);

    public static ClusterSpec WithRegions(int count, bool arbitratorInLast = false)
    {
        var regions = Enumerable.Range(1, count)
            .Select(i => new RegionSpec(
                $"region-{i}",
                Ipv4Cidr.Parse($"10.{i}.0.0/24"),
                arbitratorInLast && i == count ? 0 : 1,
                arbitratorInLast && i == count))
            .ToImmutableArray();
        var names = regions.Select(r => r.Name).ToArray();
        var rtt = RttMatrix.Complete(names, new Dictionary<RegionPair, TimeSpan>());
        return ClusterSpec.Default with { Regions = regions, Rtt = rtt };
    }

    public static RenderedFile Single(this ImmutableArray<RenderedFile> files, string host, string path) =>
        files.Single(f => f.Host == host && f.Path == path);
}
