using Meridian.Core.Spec;
using static Meridian.Core.Tests.Spec.SpecTestHelpers;

namespace Meridian.Core.Tests.Spec;

/// <summary>
/// Issue 11's hostile specs end in a located error (file:line:col, code, fix), in-process here and in a child
/// `meridian validate` in <see cref="HostileSpecProcessTests"/>. Time and memory are printed by bench/hostile-specs.sh,
/// not asserted: this machine is shared and noisy.
/// </summary>
public sealed class SpecLimitsTests
{
    [Fact]
    public void Given_30000_nested_brackets_When_parsed_Then_MRD007_stops_at_the_65th_level()
    {
        var result = Load(HostileSpecs.NestedBrackets());

        var diagnostic = Single(result, DiagnosticCodes.NestingTooDeep);
        // Line 2 is "regions: [[[…": the root mapping is level 1, so the 64th '[' (column 73) is level 65.
        AssertAt(diagnostic, 2, 10 + SpecLimits.MaxDepth - 1);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Contains("more than 64 levels", diagnostic.Message, StringComparison.Ordinal);
        Assert.NotEmpty(diagnostic.Hint);
        Assert.Null(result.Spec);
    }

    [Fact]
    public void Given_nesting_within_the_cap_When_parsed_Then_the_shape_error_is_reported_instead()
    {
        // Root mapping + 63 lists = 64 levels: parses, then 'regions' holds a list of lists.
        var result = Load(HostileSpecs.NestedBrackets(SpecLimits.MaxDepth - 1));

        Assert.DoesNotContain(result.Diagnostics, d => d.Code == DiagnosticCodes.NestingTooDeep);
        Assert.Contains(result.Diagnostics, d => d.Code == DiagnosticCodes.WrongType);
    }

    [Theory]
    [InlineData(1000)]
    [InlineData(3000)]
    public void Given_thousands_of_regions_When_parsed_Then_one_located_limit_error_and_no_flood_of_warnings(int count)
    {
        var result = Load(HostileSpecs.ManyRegions(count));

        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal(DiagnosticCodes.TooManyValues, diagnostic.Code);
        Assert.True(diagnostic.Location.Line > 2, diagnostic.ToString());
        Assert.True(diagnostic.Location.Column > 0, diagnostic.ToString());
        Assert.Contains("more than 4096 values", diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains("16", diagnostic.Hint, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(17)]
    [InlineData(400)]
    public void Given_more_than_16_regions_When_parsed_Then_MRD024_points_at_the_17th(int count)
    {
        var result = Load(HostileSpecs.ManyRegions(count));

        var diagnostic = Single(result, DiagnosticCodes.TooManyRegions);
        // Each region takes two lines after the two header lines: the 17th starts on line 3 + 16 * 2.
        AssertAt(diagnostic, 3 + (SpecLimits.MaxRegions * 2), 5);
        Assert.Contains($"lists {count} regions; at most 16", diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains("docs/spec.md", diagnostic.Hint, StringComparison.Ordinal);
        Assert.True(result.Diagnostics.Length <= SpecLimits.MaxDiagnostics + 1, $"{result.Diagnostics.Length} diagnostics");
    }

    [Fact]
    public void Given_16_regions_When_parsed_Then_they_load_with_only_rtt_warnings()
    {
        var result = Load(HostileSpecs.ManyRegions(SpecLimits.MaxRegions));

        Assert.False(result.HasErrors, string.Join("\n", result.Errors));
        Assert.Equal(SpecLimits.MaxRegions, result.Spec!.Regions.Length);
    }

    [Fact]
    public void Given_a_20_MB_cluster_name_in_a_file_When_loaded_Then_MRD006_is_located_and_the_name_is_not_echoed()
    {
        using var directory = new TemporaryDirectory();
        var path = directory.Write("huge.yaml", HostileSpecs.LongClusterName());

        var result = SpecLoader.LoadFile(path);

        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal(DiagnosticCodes.FileTooLarge, diagnostic.Code);
        Assert.Equal(path, diagnostic.Location.File);
        // "cluster: " is 9 characters: the 1,048,577th byte is column 1,048,577 of line 1.
        Assert.Equal((1, SpecLimits.MaxFileBytes + 1), (diagnostic.Location.Line, diagnostic.Location.Column));
        Assert.Contains("1 MiB", diagnostic.Message, StringComparison.Ordinal);
        Assert.True(diagnostic.ToString().Length < 500, $"{diagnostic.ToString().Length} characters");
    }

    [Fact]
    public void Given_a_20_MB_cluster_name_as_text_When_parsed_Then_MRD006_and_nothing_is_parsed()
    {
        var result = Load(HostileSpecs.LongClusterName());

        var diagnostic = Single(result, DiagnosticCodes.FileTooLarge);
        Assert.Equal(1, diagnostic.Location.Line);
        Assert.True(diagnostic.ToString().Length < 500);
    }

    [Fact]
    public void Given_a_file_of_exactly_1_MiB_When_loaded_Then_the_size_cap_does_not_fire()
    {
        using var directory = new TemporaryDirectory();
        var head = "cluster: demo\nregions: [{name: a}, {name: b}]\nwan: {rtt: {a~b: 1}}\n";
        var path = directory.Write("padded.yaml", head + new string('#', SpecLimits.MaxFileBytes - head.Length));

        var result = SpecLoader.LoadFile(path);

        AssertClean(result);
    }

    [Fact]
    public void Given_a_value_over_256_characters_When_parsed_Then_MRD009_truncates_it()
    {
        var name = new string('x', SpecLimits.MaxScalarLength + 1);

        var result = Load($"cluster: demo\nregions: [{{name: a}}, {{name: {name}}}]\n");

        var diagnostic = Single(result, DiagnosticCodes.ValueTooLong);
        AssertAt(diagnostic, 2, 29);
        Assert.Contains($"'{new string('x', 60)}… (257 chars)'", diagnostic.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(name, diagnostic.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Given_a_long_invalid_cluster_name_When_reported_Then_the_echo_is_cut_to_60_characters_and_its_length()
    {
        var name = "Q" + new string('a', 199);

        var diagnostic = Single(Load($"cluster: {name}\nregions: [{{name: a}}, {{name: b}}]\n"), DiagnosticCodes.InvalidClusterName);

        Assert.Contains($"cluster name '{name[..60]}… (200 chars)' is not valid", diagnostic.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(name, diagnostic.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Given_a_long_unknown_key_When_reported_Then_it_is_truncated()
    {
        var key = new string('k', 100);

        var diagnostic = Single(Load($"cluster: demo\n{key}: 1\nregions: [{{name: a}}, {{name: b}}]\n"), DiagnosticCodes.UnknownKey);

        Assert.Contains($"'{key[..60]}… (100 chars)'", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Given_more_than_4096_values_in_a_flat_list_When_parsed_Then_MRD008_points_at_the_first_one_past_the_cap()
    {
        var result = Load("cluster: demo\nregions: [" + string.Join(",", Enumerable.Repeat("1", 5000)) + "]\n");

        var diagnostic = Single(result, DiagnosticCodes.TooManyValues);
        Assert.Equal(2, diagnostic.Location.Line);
        // 4 values before the list (2 keys, "demo", the root mapping) and the list itself: the cap falls inside it.
        Assert.Equal(11 + ((SpecLimits.MaxValues - 5) * 2), diagnostic.Location.Column);
    }

    [Fact]
    public void Given_hundreds_of_problems_When_parsed_Then_100_are_reported_and_one_more_counts_the_rest()
    {
        var keys = string.Concat(Enumerable.Range(0, 300).Select(i => $"unknown{i}: 1\n"));

        var result = Load("cluster: demo\n" + keys + "regions: [{name: a}, {name: b}]\nwan: {rtt: {a~b: 1}}\n");

        Assert.Equal(SpecLimits.MaxDiagnostics + 1, result.Diagnostics.Length);
        var last = result.Diagnostics[^1];
        Assert.Equal(DiagnosticCodes.TooManyDiagnostics, last.Code);
        Assert.Equal(DiagnosticSeverity.Error, last.Severity);
        Assert.Contains("200 more problem(s)", last.Message, StringComparison.Ordinal);
        Assert.True(result.HasErrors);
    }

    [Fact]
    public void Given_a_hostile_spec_When_a_benchmark_variant_is_made_Then_the_same_depth_cap_applies()
    {
        var thrown = Record.Exception(() => SpecVariant.Apply(HostileSpecs.NestedBrackets(), new SpecVariantOptions("x")));

        Assert.IsAssignableFrom<YamlDotNet.Core.YamlException>(thrown);
    }

    [Fact]
    public void Given_an_alias_bomb_When_parsed_Then_aliases_count_as_the_values_they_stand_for_and_MRD008_stops_it()
    {
        var result = Load(HostileSpecs.AliasBomb());

        var diagnostic = Single(result, DiagnosticCodes.TooManyValues);
        // l0 holds 11 values, l1 10 × 11 + 1 = 111, l2 1,111, l3 11,111: the cap falls inside l3's list (line 8).
        Assert.Equal(8, diagnostic.Location.Line);
        Assert.Null(result.Spec);
    }
}
