using Meridian.Core.Decisions;
using Meridian.Core.Spec;
using static Meridian.Core.Tests.Spec.SpecTestHelpers;

namespace Meridian.Core.Tests.Spec;

/// <summary>The shipped examples/ must load cleanly and mean what their comments say.</summary>
public sealed class ExampleSpecTests
{
    private static ClusterSpec LoadExample(string fileName)
    {
        var path = Path.Combine(RepositoryRoot(), "examples", fileName);
        var result = SpecLoader.LoadFile(path);
        Assert.True(result.Diagnostics.IsEmpty, string.Join("\n", result.Diagnostics));
        Assert.NotNull(result.Spec);
        return result.Spec;
    }

    [Theory]
    [InlineData("three-regions.yaml")]
    [InlineData("two-regions-arbitrator.yaml")]
    [InlineData("five-regions.yaml")]
    public void Given_an_example_When_loaded_Then_it_has_no_diagnostics_and_survives_a_region_loss(string fileName)
    {
        var spec = LoadExample(fileName);

        Assert.True(QuorumAnalyzer.Analyze(spec).SurvivesAnySingleRegionLoss);
    }

    [Fact]
    public void Given_the_three_regions_example_When_loaded_Then_it_is_the_built_in_default()
    {
        AssertEquivalent(ClusterSpec.Default, LoadExample("three-regions.yaml"));
    }

    [Fact]
    public void Given_the_two_regions_arbitrator_example_When_loaded_Then_its_third_region_is_an_arbitrator_without_data()
    {
        var spec = LoadExample("two-regions-arbitrator.yaml");

        Assert.Equal([2, 2, 0], spec.Regions.Select(r => r.Nodes));
        Assert.Equal([false, false, true], spec.Regions.Select(r => r.Arbitrator));
    }

    [Fact]
    public void Given_the_five_regions_example_When_loaded_Then_it_uses_192_168_1_to_5_and_gives_every_rtt()
    {
        var spec = LoadExample("five-regions.yaml");

        Assert.Equal(Enumerable.Range(1, 5).Select(n => $"192.168.{n}.0/24"), spec.Regions.Select(r => r.Cidr.ToString()));
        Assert.Equal(10, spec.Rtt.ByPair.Count);
    }
}
