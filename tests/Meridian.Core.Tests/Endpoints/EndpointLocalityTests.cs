using Meridian.Core.Endpoints;

namespace Meridian.Core.Tests.Endpoints;

public sealed class EndpointLocalityTests
{
    public static TheoryData<string, string[], bool> Cases => new()
    {
        // served by            the region's nodes                       local
        { "us-east-1-db1",      ["us-east-1-db1"],                       true },
        { "us-east-1-db2",      ["us-east-1-db1", "us-east-1-db2"],      true },
        { "ap-northeast-1-db1", ["us-east-1-db1"],                       false },
        { "us-west-2-db1",      ["us-east-1-db1", "us-east-1-db2"],      false },
        { "us-west-2-db1",      [],                                      true },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Given_the_node_that_answered_When_checked_Then_only_a_node_of_another_region_is_a_problem(string servedBy, string[] localNodes, bool local)
    {
        var problem = EndpointLocality.Problem("us-east-1", servedBy, localNodes);

        if (local)
        {
            Assert.Null(problem);
        }
        else
        {
            Assert.NotNull(problem);
            Assert.Contains(servedBy, problem, StringComparison.Ordinal);
            Assert.Contains(localNodes[0], problem, StringComparison.Ordinal);
        }
    }
}
