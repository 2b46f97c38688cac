using Meridian.Core.Cloud;
using Meridian.Core.Spec;

namespace Meridian.Core.Tests.Cloud;

/// <summary>What `up` hands from EC2 to the ssh provider: idempotency tokens, and the ssh spec the routers' Elastic IPs make.</summary>
public sealed class CloudHandoffTests
{
    [Fact]
    public void Given_the_same_instance_When_tokens_are_made_Then_a_rerun_reuses_it_and_a_new_subnet_gets_a_new_one()
    {
        var first = CloudTokens.ClientToken("c", "a/instance/a-db1", "subnet-1");
        Assert.Equal(first, CloudTokens.ClientToken("c", "a/instance/a-db1", "subnet-1"));
        Assert.NotEqual(first, CloudTokens.ClientToken("c", "a/instance/a-db1", "subnet-2"));
        Assert.NotEqual(first, CloudTokens.ClientToken("c", "a/instance/a-db2", "subnet-1"));
        Assert.True(first.Length <= 64);
    }

    [Fact]
    public void Given_recorded_router_addresses_When_handed_to_ssh_Then_routers_are_public_and_the_rest_go_through_them()
    {
        var spec = ClusterSpec.Default with
        {
            Provider = Provider.Aws,
            Aws = new AwsSpec("~/.ssh/id_ed25519", null, AwsSpec.DefaultUser, AwsSpec.DefaultRouterType, AwsSpec.DefaultNodeType, AwsWan.Vpn),
        };
        var addresses = spec.Regions.Select((r, i) => (r.Name, Address: $"203.0.113.{i + 1}")).ToDictionary(p => p.Name, p => p.Address);
        var ssh = CloudHandoff.ForSsh(spec, addresses, "/state/known_hosts");
        Assert.Equal(Provider.Ssh, ssh.Provider);
        Assert.Equal(new SshSpec("admin", 22, "~/.ssh/id_ed25519", "/state/known_hosts"), ssh.Ssh);
        Assert.All(ssh.Regions, r => Assert.Equal(addresses[r.Name], Assert.Single(r.Hosts).Public));
        var plan = Meridian.Core.Planning.Planner.Plan(ssh);
        Assert.All(plan.Routers, r => Assert.Null(r.Ssh!.JumpHost));
        Assert.All(plan.Hosts.Where(h => !h.Is(Meridian.Core.Planning.HostRole.Router)), h => Assert.NotNull(h.Ssh!.JumpHost));

        // An Elastic IP is not on the router's interface: charon binds to none, and still dials the peers' EIPs.
        Assert.All(plan.Regions, r => Assert.True(r.WanAddressTranslated));
        var swanctl = Meridian.Core.Rendering.SwanctlConfRenderer.Render(plan, plan.Regions[0]);
        Assert.Contains("local_addrs = %any", swanctl, StringComparison.Ordinal);
        Assert.DoesNotContain("local_addrs = 203.0.113.1", swanctl, StringComparison.Ordinal);
        Assert.Contains("remote_addrs = 203.0.113.2", swanctl, StringComparison.Ordinal);
        Assert.DoesNotContain("local_addrs = %any", Meridian.Core.Rendering.SwanctlConfRenderer.Render(Meridian.Core.Planning.Planner.Plan(ClusterSpec.Default), Meridian.Core.Planning.Planner.Plan(ClusterSpec.Default).Regions[0]), StringComparison.Ordinal);
    }
}
