using Meridian.Core.Planning;
using Meridian.Core.Spec;
using Meridian.Runtime.Machines;

namespace Meridian.Integration.Tests.Machines;

/// <summary>The bare machines' pure parts (no root): sshd_config and the operator's address (docs/lab.md, "Bare machines").</summary>
public sealed class MachineConfigTests
{
    private static readonly ClusterPlan Plan = Planner.Plan(SpecLoader.Parse(
        "cluster: bmc\nregions: [{name: a, cidr: 10.63.1.0/24}, {name: b, cidr: 10.63.2.0/24}, {name: c, cidr: 10.63.3.0/24, nodes: 0}]\nwan: {rtt: {a~b: 10, a~c: 10, b~c: 10}}\n",
        "spec.yaml").Spec!);

    [Fact]
    public void Given_a_router_and_a_node_When_sshd_config_is_rendered_Then_root_is_key_only_and_each_listens_where_it_is_reachable()
    {
        var router = MachineSshdConfig.Render(Plan.Host("a-vpn"));
        var node = MachineSshdConfig.Render(Plan.Host("a-db1"));

        Assert.Contains("ListenAddress 10.63.1.10:22\nListenAddress 198.18.0.1:22\n", router, StringComparison.Ordinal);
        Assert.Contains("ListenAddress 10.63.1.20:22\n", node, StringComparison.Ordinal);
        Assert.DoesNotContain("198.18.", node, StringComparison.Ordinal);
        foreach (var line in new[] { "PermitRootLogin prohibit-password", "PasswordAuthentication no", "KbdInteractiveAuthentication no", "AllowTcpForwarding yes" })
        {
            Assert.Contains(line + "\n", node, StringComparison.Ordinal);
        }

        // sshd keeps a keyword's first value: drop-ins come last so none can turn passwords back on.
        Assert.EndsWith("Include /etc/ssh/sshd_config.d/*.conf\n", node, StringComparison.Ordinal);
    }

    [Fact]
    public void Given_a_plan_When_the_operator_is_placed_Then_it_takes_198_18_1_1_or_the_next_address_no_router_uses()
    {
        Assert.Equal("198.18.1.1", MachineNetwork.Operator(Plan).WanAddress);
        Assert.Equal("mrd-bmc--operator", MachineNetwork.Operator(Plan).Namespace);

        var taken = Plan with { Hosts = [.. Plan.Hosts.Select(h => h.Name == "b-vpn" ? h with { WanAddress = "198.18.1.1" } : h)] };

        Assert.Equal("198.18.1.2", MachineNetwork.Operator(taken).WanAddress);
    }
}
