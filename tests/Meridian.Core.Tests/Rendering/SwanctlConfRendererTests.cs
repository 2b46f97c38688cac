using Meridian.Core.Planning;
using Meridian.Core.Rendering;
using Meridian.Core.Spec;

namespace Meridian.Core.Tests.Rendering;

public sealed class SwanctlConfRendererTests
{
    public static TheoryData<int> RegionCounts => [2, 3, 5, 7];

    [Theory]
    [MemberData(nameof(RegionCounts))]
    public void Given_a_full_mesh_When_every_router_is_rendered_Then_each_pair_has_exactly_one_initiator_and_one_responder(int regions)
    {
        var plan = Planner.Plan(RenderFixture.WithRegions(regions));
        var starts = new Dictionary<string, int>(StringComparer.Ordinal);
        var responders = new Dictionary<string, int>(StringComparer.Ordinal);

        foreach (var region in plan.Regions)
        {
            var connections = StrongswanSectionParser.Parse(SwanctlConfRenderer.Render(plan, region)).Child("connections");
            Assert.Equal(regions - 1, connections.Children.Count);
            foreach (var connection in connections.Children)
            {
                var child = connection.Child("children").Child(connection.Name);
                var action = child.Values["start_action"];
                var bucket = action == "start" ? starts : responders;
                bucket[connection.Name] = bucket.GetValueOrDefault(connection.Name) + 1;
                if (action == "start")
                {
                    Assert.Equal(("restart", "start"), (child.Values["dpd_action"], child.Values["close_action"]));
                }
                else
                {
                    Assert.Equal(("none", "clear", "none"), (action, child.Values["dpd_action"], child.Values["close_action"]));
                }
            }
        }

        var pairs = regions * (regions - 1) / 2;
        Assert.Equal(pairs, starts.Count);
        Assert.All(starts.Values, count => Assert.Equal(1, count));
        Assert.Equal(pairs, responders.Count);
        Assert.All(responders.Values, count => Assert.Equal(1, count));
    }

    [Fact]
    public void Given_the_default_plan_When_rendered_Then_each_connection_mirrors_its_peer()
    {
        var plan = RenderFixture.DefaultPlan;
        var east = plan.Region("us-east-1");
        var west = plan.Region("us-west-2");

        var eastSide = StrongswanSectionParser.Parse(SwanctlConfRenderer.Render(plan, east)).Child("connections").Child("r1-r2");
        var westSide = StrongswanSectionParser.Parse(SwanctlConfRenderer.Render(plan, west)).Child("connections").Child("r1-r2");

        Assert.Equal(eastSide.Values["local_addrs"], westSide.Values["remote_addrs"]);
        Assert.Equal(eastSide.Child("local").Values["id"], westSide.Child("remote").Values["id"]);
        Assert.Equal(eastSide.Child("children").Child("r1-r2").Values["local_ts"], westSide.Child("children").Child("r1-r2").Values["remote_ts"]);
        Assert.Equal("us-east-1.vpn.demo.meridian.crt", eastSide.Child("local").Values["certs"]);
        Assert.Equal("ca.crt", eastSide.Child("remote").Values["cacerts"]);
        foreach (var (key, value) in new Dictionary<string, string>
        {
            ["version"] = "2", ["encap"] = "yes", ["keyingtries"] = "0", ["dpd_delay"] = "2s", ["unique"] = "replace",
            ["proposals"] = "aes128-sha256-x25519",
        })
        {
            Assert.Equal(value, eastSide.Values[key]);
        }

        Assert.Equal("aes128-sha256-x25519", eastSide.Child("children").Child("r1-r2").Values["esp_proposals"]);
    }

    [Fact]
    public void Given_a_router_When_strongswan_conf_is_rendered_Then_it_parses_and_loads_libipsec_before_netlink_and_gcrypt_before_aes()
    {
        var plan = RenderFixture.DefaultPlan;
        var layout = RenderFixture.Layout.ForHost("us-east-1-vpn");

        var charon = StrongswanSectionParser.Parse(StrongswanConfRenderer.Render(layout, plan.Tuning.Ike)).Child("charon");

        var plugins = charon.Values["load"].Split(' ').ToList();
        Assert.True(plugins.IndexOf("kernel-libipsec") < plugins.IndexOf("kernel-netlink"));
        Assert.True(plugins.IndexOf("gcrypt") < plugins.IndexOf("aes"));
        Assert.Equal("unix:///var/lib/meridian/demo/hosts/us-east-1-vpn/run/charon.vici", charon.Child("plugins").Child("vici").Values["socket"]);
        Assert.Equal("/var/lib/meridian/demo/hosts/us-east-1-vpn/log/charon.log", charon.Child("filelog").Child("charon").Values["path"]);
        Assert.Equal(("1.0", "1.4", "2"), (charon.Values["retransmit_timeout"], charon.Values["retransmit_base"], charon.Values["retransmit_tries"]));
    }

    [Fact]
    public void Given_a_real_host_When_strongswan_conf_is_rendered_Then_charon_loads_its_connections_at_every_start_and_the_lab_leaves_that_to_its_supervisor()
    {
        var plan = RenderFixture.DefaultPlan;
        var remote = RemoteLayout.ForCluster(plan.Cluster);

        var real = StrongswanSectionParser.Parse(StrongswanConfRenderer.Render(remote, plan.Tuning.Ike, loadAtStart: true)).Child("charon");
        var lab = StrongswanSectionParser.Parse(StrongswanConfRenderer.Render(remote, plan.Tuning.Ike)).Child("charon");

        Assert.Contains(
            "SWANCTL_DIR=/var/lib/meridian/demo/swanctl /usr/sbin/swanctl --load-all --noprompt --uri unix:///var/lib/meridian/demo/run/charon.vici",
            real.Child("start-scripts").Values["swanctl"],
            StringComparison.Ordinal);
        Assert.DoesNotContain(lab.Children, c => c.Name == "start-scripts");
    }

    [Fact]
    public void Given_a_state_directory_too_long_for_a_unix_socket_When_rendered_Then_the_error_names_the_socket_and_the_fix()
    {
        var layout = new DeploymentLayout("/" + new string('x', 120));

        var error = Assert.Throws<InvalidOperationException>(() =>
            ClusterRenderer.Render(Planner.Plan(ClusterSpec.Default), layout, RenderFixture.Secrets));

        Assert.Contains("socket path", error.Message, StringComparison.Ordinal);
        Assert.Contains("shorter state directory", error.Message, StringComparison.Ordinal);
    }
}
