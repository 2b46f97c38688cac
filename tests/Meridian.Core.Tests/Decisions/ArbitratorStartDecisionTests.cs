using Meridian.Core.Decisions;

namespace Meridian.Core.Tests.Decisions;

public sealed class ArbitratorStartDecisionTests
{
    [Theory]
    [InlineData(4, 0, 0, false, false)] // nothing to join: garbd cannot form a Primary
    [InlineData(4, 0, 0, true, false)] // a restart also needs a Primary to join
    [InlineData(4, 1, 1, false, false)] // only the bootstrapper: the fresh joiners need a Primary of agents only
    [InlineData(4, 4, 3, false, false)] // one node still joining
    [InlineData(4, 4, 4, false, true)] // first formation done: garbd joins last
    [InlineData(4, 2, 2, true, true)] // after a region loss garbd rejoins the surviving Primary
    [InlineData(1, 1, 1, false, true)]
    public void Given_the_agents_reports_When_decided_Then_garbd_starts_only_into_a_formed_Primary(int dataNodes, int primary, int synced, bool startedBefore, bool expected)
    {
        var (start, reason) = ArbitratorStartDecision.Decide(dataNodes, primary, synced, startedBefore);

        Assert.Equal(expected, start);
        Assert.False(string.IsNullOrWhiteSpace(reason));
    }
}
