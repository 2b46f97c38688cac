using System.Collections.Immutable;
using Meridian.Core.Planning;
using Meridian.Core.Spec;
using Meridian.Runtime.Vpn;

namespace Meridian.Integration.Tests.Vpn;

/// <summary>The config load order that avoids NO_PROPOSAL_CHOSEN; pure, needs no root.</summary>
[Trait("Category", "Vpn")]
public sealed class ResponderFirstOrderTests
{
    [Fact]
    public void Given_the_default_plan_Then_every_responder_is_loaded_before_its_initiator()
    {
        var plan = Planner.Plan(ClusterSpec.Default with { Cluster = "vorder" });

        var order = ResponderFirstOrder.For(plan);

        Assert.Equal(["ap-northeast-1", "us-west-2", "us-east-1"], order.ToArray());
        AssertRespondersFirst(plan, order);
    }

    [Fact]
    public void Given_initiators_that_are_not_in_spec_order_Then_the_order_still_puts_responders_first()
    {
        var plan = Planner.Plan(ClusterSpec.Default with { Cluster = "vorder" });
        var (a, b, c) = (plan.Regions[0].Name, plan.Regions[1].Name, plan.Regions[2].Name);
        plan = plan with { Tunnels = [new("t1", c, a), new("t2", c, b), new("t3", a, b)] };

        var order = ResponderFirstOrder.For(plan);

        Assert.Equal([b, a, c], order.ToArray());
        AssertRespondersFirst(plan, order);
    }

    [Fact]
    public void Given_an_initiator_cycle_Then_no_order_is_returned()
    {
        var plan = Planner.Plan(ClusterSpec.Default with { Cluster = "vorder" });
        var (a, b, c) = (plan.Regions[0].Name, plan.Regions[1].Name, plan.Regions[2].Name);
        plan = plan with { Tunnels = [new("t1", a, b), new("t2", b, c), new("t3", c, a)] };

        var error = Assert.Throws<InvalidOperationException>(() => ResponderFirstOrder.For(plan));
        Assert.Contains("cycle", error.Message, StringComparison.Ordinal);
    }

    private static void AssertRespondersFirst(ClusterPlan plan, ImmutableArray<string> order)
    {
        Assert.Equal(plan.Regions.Length, order.Length);
        foreach (var tunnel in plan.Tunnels)
        {
            Assert.True(order.IndexOf(tunnel.ResponderRegion) < order.IndexOf(tunnel.InitiatorRegion), $"{tunnel.Name}: responder {tunnel.ResponderRegion} must load before {tunnel.InitiatorRegion}");
        }
    }
}
