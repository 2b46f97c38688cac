using Meridian.Core.Spec;
using static Meridian.Core.Tests.Spec.SpecTestHelpers;

namespace Meridian.Core.Tests.Spec;

public sealed class SpecLoaderNameTests
{
    [Theory]
    [InlineData("Demo", "demo")]
    [InlineData("1demo", "demo")]
    [InlineData("my_cluster", "my-cluster")]
    [InlineData("a-very-long-cluster-name", "a-very-long-clus")]
    [InlineData("demo-", "demo")]
    [InlineData("a--b", "a-b")]
    [InlineData("eu--west-", "eu-west")]
    public void Given_an_invalid_cluster_name_When_parsed_Then_MRD020_explains_the_rule_and_offers_a_valid_name(string name, string suggestion)
    {
        var diagnostic = Single(Load($"cluster: {name}\nregions: [{{name: a}}, {{name: b}}]\n"), DiagnosticCodes.InvalidClusterName);

        AssertAt(diagnostic, 1, 10);
        Assert.Contains($"cluster name '{name}' is not valid", diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains("at most 16 characters", diagnostic.Message, StringComparison.Ordinal);
        Assert.StartsWith($"write e.g. cluster: {suggestion} ", diagnostic.Hint, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("demo")]
    [InlineData("a")]
    [InlineData("abcdefghijklmnop")]
    [InlineData("eu-2")]
    [InlineData("a-b-c")]
    [InlineData("a1-2b")]
    public void Given_a_valid_cluster_name_When_parsed_Then_it_is_kept(string name)
    {
        var result = Load($"cluster: {name}\nregions: [{{name: a}}, {{name: b}}]\nwan: {{rtt: {{a~b: 1}}}}\n");

        Assert.Equal(name, AssertClean(result).Cluster);
    }

    [Theory]
    [InlineData("US-East-1", "us-east-1")]
    [InlineData("us_east_1", "us-east-1")]
    [InlineData("1st", "st")]
    [InlineData("asia-pacific-northeast-one", "asia-pacific-northeast-o")]
    [InlineData("us-east-", "us-east")]
    [InlineData("b--c", "b-c")]
    public void Given_an_invalid_region_name_When_parsed_Then_MRD021_points_at_the_name_and_offers_a_valid_one(string name, string suggestion)
    {
        var result = Load(
            $"""
            cluster: demo
            regions:
              - name: ok
              - name: {name}
            """);

        var diagnostic = Single(result, DiagnosticCodes.InvalidRegionName);
        AssertAt(diagnostic, 4, 11);
        Assert.Contains($"region name '{name}' is not valid", diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains("at most 24 characters", diagnostic.Message, StringComparison.Ordinal);
        Assert.StartsWith($"write e.g. name: {suggestion} ", diagnostic.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void Given_an_invalid_region_name_used_in_an_rtt_key_When_parsed_Then_the_key_is_not_also_called_unknown()
    {
        var result = Load(
            """
            cluster: demo
            regions:
              - name: ok
              - name: Bad
            wan:
              rtt:
                ok~Bad: 10ms
            """);

        Single(result, DiagnosticCodes.InvalidRegionName);
        Assert.DoesNotContain(result.Diagnostics, d => d.Code == DiagnosticCodes.RttUnknownRegion);
    }

    [Fact]
    public void Given_two_regions_with_one_name_When_parsed_Then_MRD022_points_at_the_second_and_names_the_first_line()
    {
        var result = Load(
            """
            cluster: demo
            regions:
              - name: us-east-1
                cidr: 10.0.1.0/24
              - name: us-east-1
                cidr: 10.0.2.0/24
            """);

        var diagnostic = Single(result, DiagnosticCodes.DuplicateRegionName);
        AssertAt(diagnostic, 5, 11);
        Assert.Contains("'us-east-1' is used twice (first at line 3)", diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains("own name", diagnostic.Hint, StringComparison.Ordinal);
        Assert.Contains("'nodes'", diagnostic.Hint, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("regions: []\n", 0, 2, 10)]
    [InlineData("regions:\n  - name: a\n", 1, 3, 3)]
    public void Given_fewer_than_two_regions_When_parsed_Then_MRD023_says_how_many_and_what_to_add(string regions, int count, int line, int column)
    {
        var diagnostic = Single(Load("cluster: demo\n" + regions), DiagnosticCodes.TooFewRegions);

        AssertAt(diagnostic, line, column);
        Assert.Contains($"lists {count} region(s)", diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains("at least 2", diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains("nodes: 0", diagnostic.Hint, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("name", "app-db", DiagnosticCodes.InvalidDatabaseName, "app_db")]
    [InlineData("name", "1app", DiagnosticCodes.InvalidDatabaseName, "_1app")]
    [InlineData("user", "app user", DiagnosticCodes.InvalidDatabaseUser, "app_user")]
    [InlineData("user", "a23456789012345678901234567890123", DiagnosticCodes.InvalidDatabaseUser, "a2345678901234567890123456789012")]
    public void Given_an_invalid_database_identifier_When_parsed_Then_it_is_reported_with_a_valid_alternative(string key, string value, string code, string suggestion)
    {
        var diagnostic = Single(
            Load($"cluster: demo\nregions: [{{name: a}}, {{name: b}}]\ndatabase:\n  {key}: '{value}'\n"),
            code);

        AssertAt(diagnostic, 4, 3 + key.Length + 2);
        Assert.Contains($"'database.{key}' is '{value}'", diagnostic.Message, StringComparison.Ordinal);
        Assert.StartsWith($"write e.g. {key}: {suggestion} ", diagnostic.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void Given_valid_database_identifiers_When_parsed_Then_they_are_kept()
    {
        var spec = AssertClean(Load("cluster: demo\nregions: [{name: a}, {name: b}]\nwan: {rtt: {a~b: 1}}\ndatabase: {name: Shop_2, user: _svc}\n"));

        Assert.Equal(new DatabaseSpec("Shop_2", "_svc"), spec.Database);
    }

    [Fact]
    public void Given_a_name_with_a_double_hyphen_When_reported_Then_the_message_states_the_rfc_1123_rule()
    {
        var diagnostic = Single(Load("cluster: a--b\nregions: [{name: a}, {name: b}]\n"), DiagnosticCodes.InvalidClusterName);

        Assert.Contains("no '--', no '-' at the end", diagnostic.Message, StringComparison.Ordinal);
    }
}
