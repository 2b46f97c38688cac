using Meridian.Core.Spec;
using static Meridian.Core.Tests.Spec.SpecTestHelpers;

namespace Meridian.Core.Tests.Spec;

public sealed class SpecLoaderRttTests
{
    /// <summary>Three regions; the caller's lines go under wan.rtt, starting at line 10.</summary>
    private static SpecLoadResult LoadWithRtt(params string[] rttLines) => Load(
        """
        cluster: demo
        regions:
          - name: us-east-1
          - name: us-west-2
          - name: eu-west-1
        galera:
          durability: safe
        wan:
          rtt:

        """ + string.Concat(rttLines.Select(l => $"    {l}\n")));

    [Fact]
    public void Given_an_rtt_key_naming_an_unknown_region_When_parsed_Then_MRD051_suggests_the_close_region()
    {
        var result = LoadWithRtt("us-east-1~us-west-2: 65ms", "us-east1~eu-west-1: 70ms", "us-west-2~eu-west-1: 120ms", "us-east-1~eu-west-1: 70ms");

        var diagnostic = Single(result, DiagnosticCodes.RttUnknownRegion);
        AssertAt(diagnostic, 11, 5);
        Assert.Contains("names region 'us-east1', which 'regions' does not list", diagnostic.Message, StringComparison.Ordinal);
        Assert.StartsWith("did you mean 'us-east-1'?", diagnostic.Hint, StringComparison.Ordinal);
        Assert.Contains("us-east-1, us-west-2, eu-west-1", diagnostic.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void Given_a_pair_written_both_ways_When_parsed_Then_MRD052_points_at_the_second_and_names_the_first()
    {
        var result = LoadWithRtt("us-east-1~us-west-2: 65ms", "us-west-2~us-east-1: 66ms");

        var diagnostic = Single(result, DiagnosticCodes.RttDuplicatePair);
        AssertAt(diagnostic, 11, 5);
        Assert.Contains("gives the pair us-east-1~us-west-2 twice", diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains("'us-east-1~us-west-2' at line 10", diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains("keep one", diagnostic.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void Given_a_region_paired_with_itself_When_parsed_Then_MRD053_says_to_delete_the_line()
    {
        var diagnostic = Single(LoadWithRtt("eu-west-1~eu-west-1: 1ms"), DiagnosticCodes.RttSelfPair);

        AssertAt(diagnostic, 10, 5);
        Assert.Contains("pairs region 'eu-west-1' with itself", diagnostic.Message, StringComparison.Ordinal);
        Assert.StartsWith("delete this line", diagnostic.Hint, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("us-east-1-us-west-2: 65ms")]
    [InlineData("us-east-1~us-west-2~eu-west-1: 65ms")]
    [InlineData("'~us-west-2': 65ms")]
    public void Given_an_rtt_key_that_is_not_a_pair_When_parsed_Then_MRD050_shows_the_pair_syntax(string line)
    {
        var diagnostic = Single(LoadWithRtt(line), DiagnosticCodes.InvalidRttKey);

        AssertAt(diagnostic, 10, 5);
        Assert.Contains("is not a region pair", diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains("'us-east-1~us-west-2: 65ms'", diagnostic.Hint, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("fast")]
    [InlineData("65 minutes")]
    [InlineData("ms")]
    [InlineData("1,5s")]
    public void Given_an_rtt_value_that_is_not_a_time_When_parsed_Then_MRD054_shows_the_accepted_forms(string value)
    {
        var diagnostic = Single(LoadWithRtt($"us-east-1~us-west-2: {value}"), DiagnosticCodes.InvalidRttValue);

        AssertAt(diagnostic, 10, 26);
        Assert.Contains($"'wan.rtt.us-east-1~us-west-2' is '{value}', which is not a time", diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains("65ms, 1.5s", diagnostic.Hint, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0ms", 0)]
    [InlineData("0.5", 0.5)]
    [InlineData("-5ms", -5)]
    [InlineData("2001", 2001)]
    [InlineData("65s", 65000)]
    public void Given_an_rtt_outside_1_to_2000_ms_When_parsed_Then_MRD055_gives_the_range_and_a_unit_hint(string value, double milliseconds)
    {
        var diagnostic = Single(LoadWithRtt($"us-east-1~us-west-2: {value}"), DiagnosticCodes.RttOutOfRange);

        AssertAt(diagnostic, 10, 26);
        Assert.Contains($"is {milliseconds} ms", diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains("between 1 ms and 2000 ms", diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains("check the unit", diagnostic.Hint, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1ms")]
    [InlineData("2000ms")]
    [InlineData("2s")]
    public void Given_an_rtt_at_either_limit_When_parsed_Then_it_is_accepted(string value)
    {
        var result = LoadWithRtt($"us-east-1~us-west-2: {value}", "us-east-1~eu-west-1: 1", "us-west-2~eu-west-1: 1");

        AssertClean(result);
    }

    [Fact]
    public void Given_rtt_as_a_list_When_parsed_Then_MRD011_asks_for_a_mapping_of_pairs()
    {
        var diagnostic = Single(
            Load("cluster: demo\nregions: [{name: a}, {name: b}]\nwan:\n  rtt: [65ms]\n"),
            DiagnosticCodes.WrongType);

        AssertAt(diagnostic, 4, 8);
        Assert.Contains("'wan.rtt' must be a mapping of region pairs to times, not a list", diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains("a~b: 65ms", diagnostic.Hint, StringComparison.Ordinal);
    }
}
