using Meridian.Core.Spec;
using static Meridian.Core.Tests.Spec.SpecTestHelpers;

namespace Meridian.Core.Tests.Spec;

/// <summary>Keys and value types: unknown keys at every level, wrong YAML node kinds, missing keys and values.</summary>
public sealed class SpecLoaderShapeTests
{
    [Theory]
    [InlineData("clustr: demo\ncluster: demo\nregions: [{name: a}, {name: b}]\n", 1, 1, "clustr", "cluster")]
    [InlineData("cluster: demo\nregoins: []\nregions: [{name: a}, {name: b}]\n", 2, 1, "regoins", "regions")]
    [InlineData("cluster: demo\nregions:\n  - name: a\n    cidrs: 10.0.0.0/24\n  - name: b\n", 4, 5, "cidrs", "cidr")]
    [InlineData("cluster: demo\nregions:\n  - name: a\n    node: 2\n  - name: b\n", 4, 5, "node", "nodes")]
    [InlineData("cluster: demo\nregions: [{name: a}, {name: b}]\nwan:\n  rrt: {a~b: 5}\n", 4, 3, "rrt", "rtt")]
    [InlineData("cluster: demo\nregions: [{name: a}, {name: b}]\ngalera:\n  durabilty: safe\n", 4, 3, "durabilty", "durability")]
    [InlineData("cluster: demo\nregions: [{name: a}, {name: b}]\ngalera:\n  sts: rsync\n", 4, 3, "sts", "sst")]
    [InlineData("cluster: demo\nregions: [{name: a}, {name: b}]\ndatabase:\n  usr: app\n", 4, 3, "usr", "user")]
    public void Given_a_misspelt_key_When_parsed_Then_MRD010_names_it_and_suggests_the_close_key(string yaml, int line, int column, string typed, string suggested)
    {
        var diagnostic = Single(Load(yaml), DiagnosticCodes.UnknownKey);

        AssertAt(diagnostic, line, column);
        Assert.Contains($"unknown key '{typed}'", diagnostic.Message, StringComparison.Ordinal);
        Assert.StartsWith($"did you mean '{suggested}'?", diagnostic.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void Given_an_unknown_key_far_from_any_known_one_When_parsed_Then_the_hint_lists_the_allowed_keys_without_a_guess()
    {
        var diagnostic = Single(
            Load("cluster: demo\nregions: [{name: a}, {name: b}]\ntelemetry: true\n"),
            DiagnosticCodes.UnknownKey);

        AssertAt(diagnostic, 3, 1);
        Assert.DoesNotContain("did you mean", diagnostic.Hint, StringComparison.Ordinal);
        Assert.Contains("cluster, provider, regions, wan, galera, database, endpoints, monitoring, ssh", diagnostic.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void Given_a_word_for_nodes_When_parsed_Then_MRD011_says_a_whole_number_is_expected()
    {
        var diagnostic = Single(
            Load(
                """
                cluster: demo
                regions:
                  - name: a
                    nodes: three
                  - name: b
                """),
            DiagnosticCodes.WrongType);

        AssertAt(diagnostic, 4, 12);
        Assert.Contains("'regions[0].nodes' must be a whole number, not 'three'", diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains("0 to 9", diagnostic.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void Given_a_mapping_where_the_cluster_name_belongs_When_parsed_Then_MRD011_says_a_single_value_is_expected()
    {
        var diagnostic = Single(
            Load(
                """
                cluster:
                  name: demo
                regions: [{name: a}, {name: b}]
                """),
            DiagnosticCodes.WrongType);

        AssertAt(diagnostic, 2, 3);
        Assert.Contains("'cluster' must be a single value, not a mapping", diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains("demo", diagnostic.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void Given_regions_as_a_mapping_When_parsed_Then_MRD011_says_a_list_is_expected()
    {
        var diagnostic = Single(
            Load(
                """
                cluster: demo
                regions:
                  us-east-1: 192.168.1.0/24
                """),
            DiagnosticCodes.WrongType);

        AssertAt(diagnostic, 3, 3);
        Assert.Contains("'regions' must be a list", diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains("- name: us-east-1", diagnostic.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void Given_a_region_written_as_a_bare_name_When_parsed_Then_MRD011_says_a_mapping_is_expected()
    {
        var result = Load(
            """
            cluster: demo
            regions:
              - us-east-1
              - name: b
            """);

        var diagnostic = Single(result, DiagnosticCodes.WrongType);
        AssertAt(diagnostic, 3, 5);
        Assert.Contains("'regions[0]' must be a mapping", diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains("name, cidr, nodes, arbitrator", diagnostic.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void Given_galera_as_a_list_When_parsed_Then_MRD011_is_reported_at_the_list()
    {
        var diagnostic = Single(
            Load("cluster: demo\nregions: [{name: a}, {name: b}]\ngalera: [safe]\n"),
            DiagnosticCodes.WrongType);

        AssertAt(diagnostic, 3, 9);
        Assert.Contains("'galera' must be a mapping", diagnostic.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("maybe")]
    [InlineData("yes")]
    [InlineData("1")]
    public void Given_a_non_boolean_arbitrator_When_parsed_Then_MRD011_asks_for_true_or_false(string value)
    {
        var diagnostic = Single(
            Load($"cluster: demo\nregions:\n  - name: a\n    arbitrator: {value}\n  - name: b\n"),
            DiagnosticCodes.WrongType);

        AssertAt(diagnostic, 4, 17);
        Assert.Contains($"must be true or false, not '{value}'", diagnostic.Message, StringComparison.Ordinal);
        Assert.StartsWith("write true or false", diagnostic.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void Given_no_cluster_and_no_regions_When_parsed_Then_MRD012_is_reported_for_each()
    {
        var result = Load("provider: local\n");

        var missing = result.Diagnostics.Where(d => d.Code == DiagnosticCodes.MissingRequired).ToList();
        Assert.Equal(2, missing.Count);
        Assert.All(missing, d => AssertAt(d, 1, 1));
        Assert.Contains(missing, d => d.Message == "the top level has no 'cluster'");
        Assert.Contains(missing, d => d.Message == "the top level has no 'regions'");
        Assert.All(missing, d => Assert.StartsWith("add '", d.Hint, StringComparison.Ordinal));
    }

    [Fact]
    public void Given_a_region_without_a_name_When_parsed_Then_MRD012_points_at_the_region()
    {
        var diagnostic = Single(
            Load(
                """
                cluster: demo
                regions:
                  - name: a
                  - cidr: 10.0.0.0/24
                """),
            DiagnosticCodes.MissingRequired);

        AssertAt(diagnostic, 4, 5);
        Assert.Equal("'regions[1]' has no 'name'", diagnostic.Message);
        Assert.Contains("us-east-1", diagnostic.Hint, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("provider:", 3, 10)]
    [InlineData("provider: ~", 3, 11)]
    [InlineData("provider: null", 3, 11)]
    public void Given_a_key_with_an_empty_value_When_parsed_Then_MRD013_names_the_key(string line3, int line, int column)
    {
        var diagnostic = Single(
            Load($"cluster: demo\nregions: [{{name: a}}, {{name: b}}]\n{line3}\n"),
            DiagnosticCodes.MissingValue);

        AssertAt(diagnostic, line, column);
        Assert.Equal("'provider' has no value", diagnostic.Message);
        Assert.Contains("local | ssh | aws", diagnostic.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void Given_empty_sections_When_parsed_Then_they_read_as_all_defaults()
    {
        var result = Load("cluster: demo\nregions: [{name: a}, {name: b}]\nwan:\ngalera:\ndatabase:\n");

        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        Assert.NotNull(result.Spec);
        Assert.Equal(GaleraSpec.Default, result.Spec.Galera);
        Assert.Equal(DatabaseSpec.Default, result.Spec.Database);
    }
}
