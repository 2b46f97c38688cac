using Meridian.Core.Spec;
using static Meridian.Core.Tests.Spec.SpecTestHelpers;

namespace Meridian.Core.Tests.Spec;

public sealed class SpecLoaderNodeTests
{
    [Theory]
    [InlineData(-1, "nodes: 0")]
    [InlineData(10, "nodes: 9 or fewer")]
    [InlineData(100, "nodes: 9 or fewer")]
    public void Given_a_node_count_outside_0_to_9_When_parsed_Then_MRD040_gives_the_range(int nodes, string hint)
    {
        var diagnostic = Single(
            Load($"cluster: demo\nregions:\n  - name: a\n    nodes: {nodes}\n  - name: b\n"),
            DiagnosticCodes.NodeCountOutOfRange);

        AssertAt(diagnostic, 4, 12);
        Assert.Contains($"'regions[0].nodes' is {nodes}", diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains("0 to 9", diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains(hint, diagnostic.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void Given_every_region_with_zero_nodes_When_parsed_Then_MRD041_says_there_is_nowhere_to_store_data()
    {
        var result = Load(
            """
            cluster: demo
            regions:
              - name: a
                nodes: 0
              - name: b
                nodes: 0
            """);

        var diagnostic = Single(result, DiagnosticCodes.NoDataNodes);
        AssertAt(diagnostic, 3, 3);
        Assert.Contains("all 2 regions have nodes: 0", diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains("nodes: 1", diagnostic.Hint, StringComparison.Ordinal);
        Assert.Null(result.Spec);
    }

    [Fact]
    public void Given_a_region_with_zero_nodes_and_no_arbitrator_When_parsed_Then_MRD042_warns_but_the_spec_loads()
    {
        var result = Load(
            """
            cluster: demo
            regions:
              - name: a
              - name: b
              - name: c
                nodes: 0
                arbitrator: false
            wan:
              rtt: {a~b: 1, a~c: 1, b~c: 1}
            """);

        var diagnostic = Single(result, DiagnosticCodes.RegionWithoutVote);
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
        AssertAt(diagnostic, 7, 17);
        Assert.Contains("regions[2] ('c') has no data nodes and no arbitrator", diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains("delete 'arbitrator: false'", diagnostic.Hint, StringComparison.Ordinal);
        Assert.False(result.HasErrors);
        Assert.NotNull(result.Spec);
        Assert.Equal(0, result.Spec.Region("c").QuorumWeight);
    }
}
