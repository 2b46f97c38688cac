using Meridian.Core.Spec;
using YamlDotNet.Core;
using static Meridian.Core.Tests.Spec.SpecTestHelpers;

namespace Meridian.Core.Tests.Spec;

public sealed class SpecVariantTests
{
    private const string TwoRegions = "cluster: demo\nregions: [{name: a}, {name: b, nodes: 0}]\nwan: {rtt: {a~b: 5ms}}\n";

    [Theory]
    [InlineData(GaleraTuning.Derived, 1)]
    [InlineData(GaleraTuning.Defaults, 2)]
    [InlineData(GaleraTuning.Tutorial, 3)]
    public void Given_the_default_template_When_a_variant_is_applied_Then_it_loads_cleanly_with_the_new_values(GaleraTuning tuning, int nodes)
    {
        var yaml = SpecVariant.Apply(SpecTemplate.DefaultYaml, new SpecVariantOptions("bench-x", tuning, nodes));

        // Loaded as the WAN benchmark loads it; only the tutorial variant carries a warning (MRD091).
        var result = SpecLoader.Parse(yaml, FileName, SpecLoadOptions.Unsafe);
        Assert.Equal(tuning == GaleraTuning.Tutorial ? [DiagnosticCodes.UnsafeTuning] : [], result.Diagnostics.Select(d => d.Code));
        var spec = result.Spec!;
        Assert.Equal("bench-x", spec.Cluster);
        Assert.Equal(tuning, spec.Galera.Tuning);
        Assert.All(spec.Regions, r => Assert.Equal(nodes, r.Nodes));
        Assert.Equal(ClusterSpec.Default.Galera.Durability, spec.Galera.Durability);
        Assert.Equal(ClusterSpec.Default.Galera.Sst, spec.Galera.Sst);
        Assert.Equal(ClusterSpec.Default.Regions.Select(r => (r.Name, r.Cidr)), spec.Regions.Select(r => (r.Name, r.Cidr)));
        Assert.Equal(ClusterSpec.Default.Rtt.ByPair.AsEnumerable(), spec.Rtt.ByPair.AsEnumerable());
        Assert.Equal(ClusterSpec.Default.Database, spec.Database);
    }

    [Fact]
    public void Given_only_a_cluster_name_When_applied_Then_everything_else_is_unchanged()
    {
        var yaml = SpecVariant.Apply(SpecTemplate.DefaultYaml, new SpecVariantOptions("other"));

        var spec = AssertClean(Load(yaml));
        AssertEquivalent(ClusterSpec.Default with { Cluster = "other" }, spec);
    }

    [Fact]
    public void Given_a_spec_with_endpoints_port_When_a_bench_variant_is_applied_Then_the_variant_keeps_the_port()
    {
        var yaml = SpecVariant.Apply(TwoRegions + "endpoints:\n  port: 13306\n", new SpecVariantOptions("bench-x", GaleraTuning.Defaults, 2));

        Assert.Equal(13306, AssertClean(Load(yaml)).Endpoints.Port);
    }

    [Theory]
    [InlineData("")]
    [InlineData("galera:\n")]
    [InlineData("galera: ~\n")]
    [InlineData("galera: {}\n")]
    [InlineData("galera:\n  durability: fast\n")]
    [InlineData("galera:\n  tuning: derived\n  sst: rsync\n")]
    public void Given_a_galera_section_absent_empty_or_set_When_tuning_is_applied_Then_it_is_set_and_the_rest_kept(string galera)
    {
        var yaml = SpecVariant.Apply(TwoRegions + galera, new SpecVariantOptions("demo2", GaleraTuning.Tutorial));

        // As the WAN benchmark loads it: the tutorial variant with its warnings, no error.
        var result = SpecLoader.Parse(yaml, FileName, SpecLoadOptions.Unsafe);
        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        Assert.Contains(result.Warnings, d => d.Code == DiagnosticCodes.UnsafeTuning);
        var spec = result.Spec!;
        Assert.Equal("demo2", spec.Cluster);
        Assert.Equal(GaleraTuning.Tutorial, spec.Galera.Tuning);
        Assert.Equal(galera.Contains("fast", StringComparison.Ordinal) ? Durability.Fast : Durability.Safe, spec.Galera.Durability);
        Assert.Equal(galera.Contains("rsync", StringComparison.Ordinal) ? SstMethod.Rsync : SstMethod.Mariabackup, spec.Galera.Sst);
        Assert.Equal([1, 0], spec.Regions.Select(r => r.Nodes));
    }

    [Fact]
    public void Given_flow_style_regions_When_nodes_per_region_is_applied_Then_every_region_gets_it_and_keeps_its_order()
    {
        var yaml = SpecVariant.Apply(TwoRegions, new SpecVariantOptions("demo", NodesPerRegion: 2));

        var spec = AssertClean(Load(yaml));
        Assert.Equal(["a", "b"], spec.Regions.Select(r => r.Name));
        Assert.Equal([2, 2], spec.Regions.Select(r => r.Nodes));
        Assert.Equal(GaleraTuning.Derived, spec.Galera.Tuning);
    }

    [Fact]
    public void Given_the_same_input_When_applied_twice_Then_the_output_is_identical()
    {
        var options = new SpecVariantOptions("bench", GaleraTuning.Defaults, 1);

        var once = SpecVariant.Apply(SpecTemplate.DefaultYaml, options);

        Assert.Equal(once, SpecVariant.Apply(SpecTemplate.DefaultYaml, options));
        Assert.Equal(once, SpecVariant.Apply(once, options));
    }

    [Theory]
    [InlineData("- a\n- b\n")]
    [InlineData("cluster: demo\ngalera: fast\n")]
    [InlineData("cluster: demo\nregions: a\n")]
    [InlineData("cluster: demo\nregions: [a, b]\n")]
    public void Given_yaml_not_shaped_like_a_spec_When_applied_Then_it_throws_ArgumentException(string yaml)
    {
        Assert.Throws<ArgumentException>(() => SpecVariant.Apply(yaml, new SpecVariantOptions("demo", GaleraTuning.Defaults, 1)));
    }

    [Fact]
    public void Given_text_that_is_not_yaml_When_applied_Then_the_yaml_exception_surfaces()
    {
        Assert.ThrowsAny<YamlException>(() => SpecVariant.Apply("cluster: [demo\n", new SpecVariantOptions("demo")));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Given_segments_When_applied_Then_galera_segments_is_set(bool segments)
    {
        var yaml = SpecVariant.Apply(TwoRegions, new SpecVariantOptions("demo", GaleraTuning.Derived, 2, segments));

        var spec = AssertClean(Load(yaml));
        Assert.Equal(segments, spec.Galera.Segments);
        Assert.Equal(GaleraTuning.Derived, spec.Galera.Tuning);
        Assert.Equal([2, 2], spec.Regions.Select(r => r.Nodes));
    }
}
