using Meridian.Core.Planning;
using Meridian.Core.Spec;
using Meridian.Runtime.Fabric;

namespace Meridian.Core.Tests.Lab;

public sealed class WanHubInitialSettingsTests
{
    [Fact]
    public void Given_a_spec_without_jitter_or_loss_When_the_hub_starts_Then_every_link_has_half_the_rtt_and_nothing_else()
    {
        var plan = Planner.Plan(ClusterSpec.Default);

        var link = WanHub.InitialSettings(plan.Rtt, plan.Impairments, "us-east-1", "ap-northeast-1");

        Assert.Equal(new WanLinkSettings(TimeSpan.FromMilliseconds(75)), link);
    }

    [Fact]
    public void Given_a_spec_declaring_jitter_and_loss_When_the_hub_starts_Then_each_direction_gets_them_and_other_pairs_do_not()
    {
        var spec = SpecLoader.Parse(
            """
            cluster: demo
            regions:
              - name: us-east-1
              - name: us-west-2
              - name: ap-northeast-1
            wan:
              rtt:
                us-east-1~us-west-2: 65ms
                us-east-1~ap-northeast-1: 150ms
                us-west-2~ap-northeast-1: 100ms
              jitter:
                ap-northeast-1~us-east-1: 5%
              loss: 0.5%
            """,
            "meridian.yaml").Spec!;
        var plan = Planner.Plan(spec);

        var there = WanHub.InitialSettings(plan.Rtt, plan.Impairments, "us-east-1", "ap-northeast-1");
        var back = WanHub.InitialSettings(plan.Rtt, plan.Impairments, "ap-northeast-1", "us-east-1");
        var other = WanHub.InitialSettings(plan.Rtt, plan.Impairments, "us-west-2", "us-east-1");

        Assert.Equal(new WanLinkSettings(TimeSpan.FromMilliseconds(75), TimeSpan.FromMilliseconds(7.5), 0.005), there);
        Assert.Equal(there, back);
        Assert.Equal(new WanLinkSettings(TimeSpan.FromMilliseconds(32.5), TimeSpan.Zero, 0.005), other);
    }
}
