using Meridian.Core.Dashboard;
using static Meridian.Core.Tests.Dashboard.DashboardSnapshots;

namespace Meridian.Core.Tests.Dashboard;

public sealed class RingBufferTests
{
    [Theory]
    [InlineData(3, 0, new int[0])]
    [InlineData(3, 2, new[] { 1, 2 })]
    [InlineData(3, 3, new[] { 1, 2, 3 })]
    [InlineData(3, 4, new[] { 2, 3, 4 })]
    [InlineData(3, 8, new[] { 6, 7, 8 })]
    [InlineData(1, 5, new[] { 5 })]
    public void Keeps_the_last_items_oldest_first(int capacity, int added, int[] expected)
    {
        var buffer = new RingBuffer<int>(capacity);
        for (var i = 1; i <= added; i++)
        {
            buffer.Add(i);
        }

        Assert.Equal(expected, buffer.ToList());
        Assert.Equal(expected.Length, buffer.Count);
    }

    [Fact]
    public void A_capacity_below_one_is_refused() => Assert.Throws<ArgumentOutOfRangeException>(() => new RingBuffer<int>(0));

    [Fact]
    public void History_keeps_a_bounded_series_per_tunnel_and_node()
    {
        var history = new DashboardHistory(capacity: 2);
        for (var i = 0; i < 3; i++)
        {
            history.Add(Snapshot(T0.AddSeconds(i), [Node("a-db1", "a", seqno: 100 + i, flowControl: i / 10.0), Node("b-db1", "b", state: Core.Dashboard.DashboardNode.NoReport)], [Tunnel(measured: 10 + i), Tunnel("a~c", measured: null)]));
        }

        var series = history.ToDictionary();

        Assert.Equal(["fc:a-db1", "rtt:a~b", "seqno:a-db1"], series.Keys.Order(StringComparer.Ordinal));
        Assert.Equal([11.0, 12.0], series["rtt:a~b"].Select(p => p.Value));
        Assert.Equal([101.0, 102.0], series["seqno:a-db1"].Select(p => p.Value));
        Assert.Equal(T0.AddSeconds(2), series["fc:a-db1"][^1].At);
    }
}
