using Meridian.Core.Spec;
using static Meridian.Core.Tests.Spec.SpecTestHelpers;

namespace Meridian.Core.Tests.Spec;

public sealed class SpecLoaderYamlErrorTests
{
    [Theory]
    [InlineData("")]
    [InlineData("   \n\n")]
    [InlineData("# only a comment\n")]
    [InlineData("---\n")]
    [InlineData("~\n")]
    public void Given_an_empty_file_When_parsed_Then_MRD002_at_1_1_suggests_init(string yaml)
    {
        var result = Load(yaml);

        var diagnostic = Single(result, DiagnosticCodes.EmptyFile);
        AssertAt(diagnostic, 1, 1);
        Assert.Contains("empty", diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains("meridian init", diagnostic.Hint, StringComparison.Ordinal);
        Assert.Null(result.Spec);
    }

    [Fact]
    public void Given_yaml_that_does_not_parse_When_parsed_Then_MRD001_points_at_the_parser_error()
    {
        var result = Load(
            """
            cluster: demo
            regions:
              - name: a
               cidr: [10.0.0.0/24
            """);

        var diagnostic = Single(result, DiagnosticCodes.YamlSyntax);
        Assert.True(diagnostic.Location.Line >= 3, diagnostic.ToString());
        Assert.True(diagnostic.Location.Column >= 1, diagnostic.ToString());
        Assert.StartsWith("the YAML does not parse: ", diagnostic.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Idx:", diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains("indentation", diagnostic.Hint, StringComparison.Ordinal);
        Assert.Null(result.Spec);
    }

    [Fact]
    public void Given_an_unclosed_quote_When_parsed_Then_MRD001_is_reported_not_thrown()
    {
        var result = Load("cluster: \"demo\nregions: []\n");

        Assert.Equal(DiagnosticCodes.YamlSyntax, Assert.Single(result.Diagnostics).Code);
    }

    [Fact]
    public void Given_a_key_twice_in_one_mapping_When_parsed_Then_MRD004_points_at_the_repeat()
    {
        var result = Load(
            """
            cluster: demo
            regions: []
            cluster: other
            """);

        var diagnostic = Single(result, DiagnosticCodes.DuplicateKey);
        AssertAt(diagnostic, 3, 1);
        Assert.Contains("twice", diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains("keep one", diagnostic.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void Given_two_documents_When_parsed_Then_MRD005_points_at_the_second()
    {
        var result = Load(
            """
            cluster: demo
            regions: [{name: a}, {name: b}]
            ---
            cluster: other
            """);

        var diagnostic = Single(result, DiagnosticCodes.MultipleDocuments);
        AssertAt(diagnostic, 4, 1);
        Assert.Contains("2 YAML documents", diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains("---", diagnostic.Hint, StringComparison.Ordinal);
        Assert.Null(result.Spec);
    }

    [Theory]
    [InlineData("- a\n- b\n", "a list")]
    [InlineData("just text\n", "'just text'")]
    public void Given_a_top_level_that_is_not_a_mapping_When_parsed_Then_MRD011_names_what_it_is(string yaml, string described)
    {
        var diagnostic = Single(Load(yaml), DiagnosticCodes.WrongType);

        AssertAt(diagnostic, 1, 1);
        Assert.Contains(described, diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains("cluster", diagnostic.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void Given_a_missing_file_When_loaded_Then_MRD003_is_returned_not_thrown()
    {
        var path = Path.Combine(Path.GetTempPath(), $"meridian-missing-{Guid.NewGuid():N}", "spec.yaml");

        var result = SpecLoader.LoadFile(path);

        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal(DiagnosticCodes.FileUnreadable, diagnostic.Code);
        Assert.Equal(path, diagnostic.Location.File);
        Assert.Contains("cannot read", diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains("meridian init", diagnostic.Hint, StringComparison.Ordinal);
        Assert.True(result.HasErrors);
        Assert.Null(result.Spec);
    }

    [Fact]
    public void Given_a_directory_instead_of_a_file_When_loaded_Then_MRD003_is_returned_not_thrown()
    {
        var result = SpecLoader.LoadFile(Path.GetTempPath());

        Assert.Equal(DiagnosticCodes.FileUnreadable, Assert.Single(result.Diagnostics).Code);
    }

    [Theory]
    [InlineData("cluster: demo\nregions:\n  - name: a\n\t- name: b\n")]
    [InlineData("{{{{")]
    [InlineData("cluster: *undefined\n")]
    [InlineData("? [a, b]\n: c\n")]
    [InlineData("regions: !!binary AAAA\n")]
    [InlineData("cluster: &x demo\nregions: [*x, *x]\n")]
    [InlineData("\0\u0001")]
    public void Given_garbage_When_parsed_Then_errors_are_reported_and_nothing_is_thrown(string yaml)
    {
        var result = Load(yaml);

        Assert.True(result.HasErrors);
        Assert.Null(result.Spec);
        Assert.All(result.Diagnostics, d => Assert.False(string.IsNullOrWhiteSpace(d.Hint), d.ToString()));
    }
}
