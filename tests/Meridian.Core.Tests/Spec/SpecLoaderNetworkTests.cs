using Meridian.Core.Spec;
using static Meridian.Core.Tests.Spec.SpecTestHelpers;

namespace Meridian.Core.Tests.Spec;

public sealed class SpecLoaderNetworkTests
{
    private static SpecLoadResult LoadWithCidrs(string first, string second) => Load(
        $"""
        cluster: demo
        regions:
          - name: a
            cidr: {first}
          - name: b
            cidr: {second}
        """);

    [Theory]
    [InlineData("192.168.1.0", "no prefix length")]
    [InlineData("192.168.1/24", "is not an IPv4 address")]
    [InlineData("300.1.1.0/24", "is not an IPv4 address")]
    [InlineData("192.168.1.0/33", "not a prefix length")]
    [InlineData("192.168.1.5/24", "host bits set; the network is 192.168.1.0/24")]
    public void Given_an_invalid_cidr_When_parsed_Then_MRD030_says_what_is_wrong(string cidr, string problem)
    {
        var diagnostic = Single(LoadWithCidrs("10.0.0.0/24", cidr), DiagnosticCodes.InvalidCidr);

        AssertAt(diagnostic, 6, 11);
        Assert.StartsWith("'regions[1].cidr' ", diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains(problem, diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains("192.168.1.0/24", diagnostic.Hint, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("10.0.0.0/8", "/8", "10.0.0.0/24")]
    [InlineData("10.2.0.0/15", "/15", "10.2.0.0/24")]
    [InlineData("10.1.0.16/29", "/29", "10.1.0.0/24")]
    [InlineData("10.1.0.0/30", "/30", "10.1.0.0/24")]
    public void Given_a_prefix_outside_16_to_28_When_parsed_Then_MRD031_suggests_a_24(string cidr, string prefix, string suggestion)
    {
        var diagnostic = Single(LoadWithCidrs(cidr, "192.168.9.0/24"), DiagnosticCodes.CidrPrefixOutOfRange);

        AssertAt(diagnostic, 4, 11);
        Assert.Contains($"is a {prefix}", diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains("between /16 and /28", diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains(suggestion, diagnostic.Hint, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("10.1.0.0/16")]
    [InlineData("10.1.0.16/28")]
    public void Given_a_prefix_at_either_limit_When_parsed_Then_it_is_accepted(string cidr)
    {
        var result = LoadWithCidrs(cidr, "192.168.9.0/24");

        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
    }

    [Fact]
    public void Given_two_regions_whose_networks_overlap_When_parsed_Then_MRD032_points_at_the_later_one_and_names_a_free_network()
    {
        var diagnostic = Single(LoadWithCidrs("192.168.0.0/16", "192.168.2.0/24"), DiagnosticCodes.CidrOverlap);

        AssertAt(diagnostic, 6, 11);
        Assert.Contains("regions[1] ('b') network 192.168.2.0/24 overlaps regions[0] ('a') network 192.168.0.0/16 (line 4)", diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains("own network", diagnostic.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void Given_a_defaulted_cidr_that_collides_with_an_explicit_one_When_parsed_Then_MRD032_points_at_the_region()
    {
        var result = Load(
            """
            cluster: demo
            regions:
              - name: a
                cidr: 192.168.2.0/24
              - name: b
            """);

        var diagnostic = Single(result, DiagnosticCodes.CidrOverlap);
        AssertAt(diagnostic, 5, 5);
        Assert.Contains("cidr: 192.168.1.0/24", diagnostic.Hint, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("198.18.0.0/24")]
    [InlineData("198.19.255.0/24")]
    [InlineData("198.19.0.0/16")]
    public void Given_a_network_inside_the_lab_wan_range_When_parsed_Then_MRD033_names_198_18_0_0_15(string cidr)
    {
        var diagnostic = Single(LoadWithCidrs(cidr, "192.168.9.0/24"), DiagnosticCodes.CidrOverlapsWan);

        AssertAt(diagnostic, 4, 11);
        Assert.Contains("overlaps 198.18.0.0/15", diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains("outside 198.18.0.0/15", diagnostic.Hint, StringComparison.Ordinal);
    }
}
