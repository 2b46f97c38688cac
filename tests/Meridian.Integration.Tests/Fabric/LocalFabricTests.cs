using Meridian.Core.Planning;
using Meridian.Runtime.Fabric;
using Meridian.Runtime.Processes;
using Xunit.Abstractions;

namespace Meridian.Integration.Tests.Fabric;

/// <summary>The namespace fabric: what it creates, that it converges, and that it leaves nothing behind.</summary>
[Trait("Category", "Fabric")]
public sealed class LocalFabricTests(ITestOutputHelper output)
{
    private readonly ProcessCommandRunner _runner = ProcessCommandRunner.Instance;

    [Fact]
    public async Task Given_a_built_fabric_Then_each_router_forwards_blackholes_remote_lans_and_drops_forwarding_from_wan0()
    {
        await using var lab = await FabricLab.StartAsync();

        foreach (var region in lab.Plan.Regions)
        {
            var ns = lab.Router(region.Name).Namespace;
            var blackholes = (await _runner.RunAsync(NamespaceCommands.IpIn(ns, "route", "show", "type", "blackhole"))).StandardOutput;
            foreach (var remote in lab.Plan.Regions.Where(r => r.Name != region.Name))
            {
                Assert.Contains($"blackhole {remote.Cidr}", blackholes, StringComparison.Ordinal);
            }

            var forward = (await _runner.RunInNamespaceAsync(ns, "iptables-legacy", ["-w", "-S", "FORWARD"])).StandardOutput;
            Assert.Contains("-A FORWARD -i wan0 -j DROP", forward, StringComparison.Ordinal);
            var ipForward = (await _runner.RunInNamespaceAsync(ns, "sysctl", ["-n", "net.ipv4.ip_forward"])).StandardOutput.Trim();
            Assert.Equal("1", ipForward);
            var ipv6 = (await _runner.RunInNamespaceAsync(ns, "sysctl", ["-n", "net.ipv6.conf.wan0.disable_ipv6"])).StandardOutput.Trim();
            Assert.Equal("1", ipv6);
            var wan = (await _runner.RunAsync(NamespaceCommands.IpIn(ns, "-4", "addr", "show", "dev", "wan0"))).StandardOutput;
            Assert.Contains($"inet {region.WanAddress}/15", wan, StringComparison.Ordinal);
        }

        foreach (var node in lab.Plan.Hosts.Where(h => !h.Is(HostRole.Router)))
        {
            var route = (await _runner.RunAsync(NamespaceCommands.IpIn(node.Namespace, "route", "show", "default"))).StandardOutput;
            Assert.Contains($"default via {lab.Router(node.Region).LanAddress} dev eth0", route, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Given_a_built_fabric_When_built_again_Then_nothing_is_created()
    {
        await using var lab = await FabricLab.StartAsync(withHub: false);
        Assert.NotEmpty(lab.Inventory!.CreatedResources);

        var again = await lab.Fabric.BuildAsync();

        Assert.Empty(again.CreatedResources);
        Assert.Equal(lab.Inventory.Resources.Select(r => (r.Kind, r.Namespace, r.Name)), again.Resources.Select(r => (r.Kind, r.Namespace, r.Name)));
    }

    [Fact]
    public async Task Given_a_partial_fabric_When_built_again_Then_it_converges()
    {
        await using var lab = await FabricLab.StartAsync(withHub: false);
        var east = lab.Node(FabricLab.East);
        var west = lab.Node(FabricLab.West);

        // A crash midway: one host namespace gone (its veth with it), one router port gone, one route gone.
        await _runner.RunAsync(CommandRequest.Of("ip", "netns", "del", east.Namespace));
        await _runner.RunAsync(NamespaceCommands.IpIn(lab.Router(FabricLab.West).Namespace, "link", "del", west.RouterPortInterface));
        await _runner.RunAsync(NamespaceCommands.IpIn(lab.Router(FabricLab.Tokyo).Namespace, "route", "del", "blackhole", lab.Plan.Region(FabricLab.East).Cidr.ToString()));

        var repaired = await lab.Fabric.BuildAsync();
        output.WriteLine(string.Join('\n', repaired.CreatedResources));

        Assert.Contains(repaired.CreatedResources, r => r.Kind == FabricResourceKind.Namespace && r.Namespace == east.Namespace);
        Assert.Contains(repaired.CreatedResources, r => r.Kind == FabricResourceKind.Veth && r.Namespace == west.Namespace);
        foreach (var node in new[] { east, west })
        {
            var stats = await Ping.RunAsync(_runner, node.Namespace, lab.Router(node.Region).LanAddress, 3, 0.05);
            Assert.Equal(3, stats.Received);
        }

        var blackholes = (await _runner.RunAsync(NamespaceCommands.IpIn(lab.Router(FabricLab.Tokyo).Namespace, "route", "show", "type", "blackhole"))).StandardOutput;
        Assert.Contains($"blackhole {lab.Plan.Region(FabricLab.East).Cidr}", blackholes, StringComparison.Ordinal);
        Assert.Empty((await lab.Fabric.BuildAsync()).CreatedResources);
    }

    [Fact]
    public async Task Given_a_lab_When_built_and_torn_down_Then_the_root_namespace_never_gets_a_lab_route_and_no_namespace_is_left()
    {
        RootRequirement.Ensure();
        var before = await RootNamespaceRoutes.LabRangeRoutesAsync(_runner);
        Assert.Empty(before);
        string cluster;
        await using (var lab = await FabricLab.StartAsync())
        {
            cluster = lab.Cluster;
            Assert.Equal(lab.Plan.Hosts.Length, (await lab.ExistingNamespacesAsync()).Length);
            Assert.Empty(await RootNamespaceRoutes.LabRangeRoutesAsync(_runner));

            var deleted = await lab.Fabric.TeardownAsync();
            Assert.Equal(lab.Plan.Hosts.Length, deleted.Length);
            Assert.Empty(await lab.Fabric.TeardownAsync()); // idempotent
        }

        Assert.Empty(await RootNamespaceRoutes.LabRangeRoutesAsync(_runner));
        Assert.Empty(await LocalFabric.FindLeftoverNamespacesAsync(_runner, cluster));
    }

    [Fact]
    public async Task Given_a_test_that_fails_midway_When_the_lab_is_disposed_Then_no_namespace_of_the_cluster_is_left()
    {
        string? cluster = null;
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            await using var lab = await FabricLab.StartAsync();
            cluster = lab.Cluster;
            throw new InvalidOperationException("simulated failure midway");
        });

        Assert.Equal("simulated failure midway", failure.Message);
        Assert.NotNull(cluster);
        Assert.Empty(await LocalFabric.FindLeftoverNamespacesAsync(_runner, cluster));
    }

    [Fact]
    public async Task Given_leftovers_after_a_crash_When_deleting_by_cluster_Then_only_that_clusters_namespaces_go()
    {
        RootRequirement.Ensure();
        var plan = FabricLab.NewPlan();
        var fabric = new LocalFabric(plan, _runner);

        // Another cluster whose name extends ours (the collision of issue 11): with "--" after the cluster name its
        // namespaces no longer share our prefix, and they carry their own tag as well.
        var neighbour = $"{LocalFabric.NamespacePrefix(plan.Cluster + "-x")}h";
        Assert.False(neighbour.StartsWith(LocalFabric.NamespacePrefix(plan.Cluster), StringComparison.Ordinal), neighbour);
        try
        {
            await fabric.BuildAsync();
            await _runner.RunAsync(CommandRequest.Of("ip", "netns", "add", neighbour));
            await _runner.RunAsync(NamespaceCommands.IpIn(neighbour, "link", "set", "dev", "lo", "alias", LocalFabric.ClusterTag(plan.Cluster + "-x")));

            var deleted = await LocalFabric.DeleteLeftoverNamespacesAsync(_runner, plan.Cluster);

            Assert.Equal(plan.Hosts.Select(h => h.Namespace).Order(StringComparer.Ordinal).ToArray(), deleted.ToArray());
            Assert.Empty(await LocalFabric.FindLeftoverNamespacesAsync(_runner, plan.Cluster));
            Assert.Equal(neighbour, Assert.Single(await LocalFabric.FindLeftoverNamespacesAsync(_runner, plan.Cluster + "-x")));
        }
        finally
        {
            await fabric.TeardownAsync();
            await _runner.RunAsync(CommandRequest.Of("ip", "netns", "del", neighbour).AllowingFailure());
        }
    }
}
