using Meridian.Core.Planning;
using Meridian.Core.Spec;
using Meridian.Providers.Ssh;

namespace Meridian.Core.Tests.Providers;

public sealed class RequiredPortsTests
{
    [Theory]
    [InlineData("us-east-1-vpn", "tcp/9200 udp/500 udp/4500 tcp/3306")]
    [InlineData("us-east-1-db1", "tcp/9200 tcp/3306 tcp/4567 tcp/4568 tcp/4444 tcp/2379 tcp/2380")]
    public void Given_a_host_role_When_its_ports_are_listed_Then_every_host_needs_its_agents_health_port_and_each_role_its_own(string host, string expected)
    {
        var plan = Planner.Plan(ClusterSpec.Default);

        var ports = RequiredPorts.For(plan.Host(host), plan.Ports);

        Assert.Equal(expected, string.Join(' ', ports.Select(p => $"{p.Protocol}/{p.Port}")));
    }
}
