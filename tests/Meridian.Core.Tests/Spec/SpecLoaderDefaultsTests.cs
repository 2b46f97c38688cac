using Meridian.Core.Spec;
using static Meridian.Core.Tests.Spec.SpecTestHelpers;

namespace Meridian.Core.Tests.Spec;

public sealed class SpecLoaderDefaultsTests
{
    private const string MinimalTwoRegions =
        """
        cluster: demo
        regions:
          - name: a
          - name: b
        wan:
          rtt:
            a~b: 10ms
        """;

    [Fact]
    public void Given_the_template_When_parsed_Then_it_equals_the_built_in_default()
    {
        var spec = AssertClean(SpecLoader.Parse(SpecTemplate.DefaultYaml, "meridian.yaml"));

        AssertEquivalent(ClusterSpec.Default, spec);
        Assert.Equal("meridian.yaml", spec.SourceFile);
    }

    [Fact]
    public void Given_only_required_keys_When_parsed_Then_every_other_field_takes_the_default()
    {
        var spec = AssertClean(Load(MinimalTwoRegions));

        Assert.Equal(ClusterSpec.Default.Provider, spec.Provider);
        Assert.Equal(GaleraSpec.Default, spec.Galera);
        Assert.Equal(DatabaseSpec.Default, spec.Database);
        Assert.All(spec.Regions, r => Assert.Equal(1, r.Nodes));
        Assert.All(spec.Regions, r => Assert.False(r.Arbitrator));
    }

    [Fact]
    public void Given_regions_without_cidr_When_parsed_Then_the_nth_region_gets_192_168_n_0_24()
    {
        var spec = AssertClean(Load(MinimalTwoRegions));

        Assert.Equal(["192.168.1.0/24", "192.168.2.0/24"], spec.Regions.Select(r => r.Cidr.ToString()));
    }

    [Fact]
    public void Given_a_region_with_zero_nodes_When_arbitrator_is_not_set_Then_it_defaults_to_true()
    {
        var spec = AssertClean(Load(
            """
            cluster: demo
            regions:
              - name: a
              - name: b
              - name: c
                nodes: 0
            wan:
              rtt:
                a~b: 10ms
                a~c: 10ms
                b~c: 10ms
            """));

        Assert.True(spec.Region("c").Arbitrator);
        Assert.False(spec.Region("a").Arbitrator);
    }

    [Fact]
    public void Given_a_region_with_nodes_When_arbitrator_is_true_Then_both_are_kept()
    {
        var spec = AssertClean(Load(
            """
            cluster: demo
            regions:
              - {name: a, nodes: 2, arbitrator: true}
              - {name: b, nodes: 2}
            wan: {rtt: {a~b: 10}}
            """));

        Assert.Equal(3, spec.Region("a").QuorumWeight);
    }

    [Fact]
    public void Given_no_wan_section_When_parsed_Then_every_pair_gets_the_default_rtt_and_a_warning_naming_it()
    {
        var result = Load(
            """
            cluster: demo
            regions:
              - name: a
              - name: b
              - name: c
            """);

        Assert.False(result.HasErrors);
        Assert.NotNull(result.Spec);
        Assert.All(result.Spec.Rtt.ByPair.Values, rtt => Assert.Equal(RttMatrix.DefaultRtt, rtt));
        Assert.Equal(3, result.Spec.Rtt.ByPair.Count);
        var warnings = result.Warnings.ToList();
        Assert.Equal(3, warnings.Count);
        Assert.All(warnings, w => Assert.Equal(DiagnosticCodes.RttMissingPair, w.Code));
        Assert.Contains(warnings, w => w.Message.Contains("a~b", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.Message.Contains("b~c", StringComparison.Ordinal));
    }

    [Fact]
    public void Given_some_rtt_pairs_When_one_is_missing_Then_only_that_pair_is_defaulted_and_warned_about()
    {
        var result = Load(
            """
            cluster: demo
            regions:
              - name: a
              - name: b
              - name: c
            wan:
              rtt:
                a~b: 20ms
                c~a: 1.5s
            """);

        var warning = Single(result, DiagnosticCodes.RttMissingPair);
        AssertAt(warning, 8, 5);
        Assert.Equal(DiagnosticSeverity.Warning, warning.Severity);
        Assert.Contains("b~c", warning.Message, StringComparison.Ordinal);
        Assert.Contains("100 ms", warning.Message, StringComparison.Ordinal);
        Assert.Contains("b~c:", warning.Hint, StringComparison.Ordinal);
        Assert.NotNull(result.Spec);
        Assert.Equal(TimeSpan.FromMilliseconds(20), result.Spec.Rtt.Get("a", "b"));
        Assert.Equal(TimeSpan.FromMilliseconds(1500), result.Spec.Rtt.Get("a", "c"));
        Assert.Equal(RttMatrix.DefaultRtt, result.Spec.Rtt.Get("b", "c"));
    }

    [Theory]
    [InlineData("65ms", 65)]
    [InlineData("65 ms", 65)]
    [InlineData("1.5s", 1500)]
    [InlineData("2s", 2000)]
    [InlineData("42", 42)]
    [InlineData("0.5s", 500)]
    [InlineData("12.5", 12.5)]
    public void Given_an_rtt_value_When_parsed_Then_it_reads_as_milliseconds(string value, double expectedMilliseconds)
    {
        var spec = AssertClean(Load(
            $$"""
            cluster: demo
            regions: [{name: a}, {name: b}]
            wan:
              rtt:
                a~b: {{value}}
            """));

        Assert.Equal(TimeSpan.FromMilliseconds(expectedMilliseconds), spec.Rtt.Get("a", "b"));
    }

    [Fact]
    public void Given_a_valid_spec_When_parsed_Then_the_source_file_is_the_given_name()
    {
        var spec = AssertClean(Load(MinimalTwoRegions));

        Assert.Equal(FileName, spec.SourceFile);
    }

    [Fact]
    public void Given_a_file_on_disk_When_loaded_Then_it_parses_like_the_text()
    {
        var path = Path.Combine(Path.GetTempPath(), $"meridian-spec-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, SpecTemplate.DefaultYaml);
        try
        {
            var result = SpecLoader.LoadFile(path);

            Assert.True(result.Diagnostics.IsEmpty, string.Join("\n", result.Diagnostics));
            Assert.NotNull(result.Spec);
            Assert.Equal(path, result.Spec.SourceFile);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
