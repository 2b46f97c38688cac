using System.Collections.Immutable;
using Meridian.Core.Planning;
using Meridian.Core.Rendering;
using Meridian.Core.Spec;

namespace Meridian.Core.Tests.Planning;

public sealed class PlannerTests
{
    private static readonly ClusterPlan DefaultPlan = Planner.Plan(ClusterSpec.Default);

    [Fact]
    public void Default_spec_plans_a_router_and_one_node_host_per_region()
    {
        Assert.Equal(["us-east-1-vpn", "us-east-1-db1", "us-west-2-vpn", "us-west-2-db1", "ap-northeast-1-vpn", "ap-northeast-1-db1"], DefaultPlan.Hosts.Select(h => h.Name));
        Assert.All(DefaultPlan.Routers, r => Assert.EndsWith(".10", r.LanAddress, StringComparison.Ordinal));
        Assert.All(DefaultPlan.GaleraNodes, n => Assert.EndsWith(".20", n.LanAddress, StringComparison.Ordinal));
        Assert.Equal(["192.168.1.20", "192.168.2.20", "192.168.3.20"], DefaultPlan.EtcdMembers.Select(h => h.LanAddress));
    }

    [Fact]
    public void Each_region_gets_its_own_segment_wan_address_and_local_endpoint_port()
    {
        Assert.Equal([1, 2, 3], DefaultPlan.Regions.Select(r => r.Segment));
        Assert.Equal(["198.18.0.1", "198.18.0.2", "198.18.0.3"], DefaultPlan.Regions.Select(r => r.WanAddress));
        Assert.Equal([3306, 3307, 3308], DefaultPlan.Regions.Select(r => r.LocalEndpointPort));
        Assert.All(DefaultPlan.Regions, r => Assert.True(Ipv4Cidr.WanRange.Contains(ParseAddress(r.WanAddress))));
    }

    [Theory]
    [InlineData(GaleraTuning.Derived, new[] { 1, 2, 3 })]
    [InlineData(GaleraTuning.Defaults, new[] { 0, 0, 0 })]
    [InlineData(GaleraTuning.Tutorial, new[] { 0, 0, 0 })]
    public void The_galera_segment_follows_the_tuning_profile_while_index_addresses_and_ports_do_not(GaleraTuning tuning, int[] segments)
    {
        var plan = Planner.Plan(ClusterSpec.Default with { Galera = GaleraSpec.Default with { Tuning = tuning } });

        Assert.Equal(segments, plan.Regions.Select(r => r.Segment));
        Assert.Equal([1, 2, 3], plan.Regions.Select(r => r.Index));
        Assert.Equal(DefaultPlan.Regions.Select(r => r.WanAddress), plan.Regions.Select(r => r.WanAddress));
        Assert.Equal(DefaultPlan.Regions.Select(r => r.LocalEndpointPort), plan.Regions.Select(r => r.LocalEndpointPort));
        Assert.Equal(DefaultPlan.Tunnels.AsEnumerable(), plan.Tunnels.AsEnumerable());
    }

    [Theory]
    [InlineData(GaleraTuning.Derived, true, new[] { 1, 2, 3 })]
    [InlineData(GaleraTuning.Derived, false, new[] { 0, 0, 0 })]
    [InlineData(GaleraTuning.Defaults, true, new[] { 0, 0, 0 })]
    [InlineData(GaleraTuning.Tutorial, false, new[] { 0, 0, 0 })]
    public void Segments_false_puts_every_region_in_segment_0(GaleraTuning tuning, bool segments, int[] expected)
    {
        var plan = Planner.Plan(ClusterSpec.Default with { Galera = GaleraSpec.Default with { Tuning = tuning, Segments = segments } });

        Assert.Equal(expected, plan.Regions.Select(r => r.Segment));
    }

    [Fact]
    public void Full_mesh_has_exactly_one_initiator_per_pair()
    {
        var pairs = DefaultPlan.Tunnels.Select(t => new RegionPair(t.InitiatorRegion, t.ResponderRegion)).ToList();
        Assert.Equal(3, pairs.Count);
        Assert.Equal(pairs.Count, pairs.Distinct().Count());
        Assert.All(DefaultPlan.Tunnels, t => Assert.NotEqual(t.InitiatorRegion, t.ResponderRegion));
    }

    [Theory]
    [InlineData(2, 1)]
    [InlineData(5, 3)]
    [InlineData(7, 9)]
    [InlineData(16, 9)]
    public void Interface_names_fit_the_kernel_limit_and_namespaces_are_unique(int regionCount, int nodesPerRegion)
    {
        var plan = Planner.Plan(SpecWith(regionCount, nodesPerRegion));
        Assert.All(plan.Hosts, h =>
        {
            Assert.InRange(h.LanInterface.Length, 1, 15);
            Assert.InRange(h.RouterPortInterface.Length, 0, 15);
            Assert.StartsWith($"mrd-{plan.Cluster}--", h.Namespace, StringComparison.Ordinal);
        });
        Assert.Equal(plan.Hosts.Length, plan.Hosts.Select(h => h.Namespace).Distinct().Count());
        Assert.Equal(regionCount * (regionCount - 1) / 2, plan.Tunnels.Length);
        Assert.Equal(regionCount * nodesPerRegion, plan.GaleraNodes.Count());
    }

    [Fact]
    public void Every_certificate_and_key_file_names_a_planned_certificate()
    {
        var names = DefaultPlan.Certificates.Select(c => c.Name).ToHashSet();
        var certificateFiles = DefaultPlan.Files.Where(f => f.Kind is FileKind.Certificate or FileKind.PrivateKey).ToList();
        Assert.NotEmpty(certificateFiles);
        Assert.All(certificateFiles, f => Assert.Contains(f.CertificateName!, names));
        Assert.All(DefaultPlan.Files.Where(f => f.Kind == FileKind.PrivateKey && f.Group is null), f => Assert.Equal(PlannedFile.SecretMode, f.Mode));
    }

    [Fact]
    public void Given_files_a_daemon_reads_as_its_own_user_Then_they_are_root_owned_0640_for_its_group_and_nothing_else_is()
    {
        var readable = DefaultPlan.Files.Where(f => f.Group is not null).ToList();

        Assert.All(readable, f => Assert.Equal(PlannedFile.GroupReadableMode, f.Mode));
        foreach (var member in DefaultPlan.EtcdMembers)
        {
            Assert.Equal(
                ["etcd.conf.yml", HostFilePaths.EtcdPeerKey, HostFilePaths.EtcdKey],
                readable.Where(f => f.Host == member.Name && f.Group == DaemonUsers.Etcd).Select(f => f.Path).Order(StringComparer.Ordinal));
        }

        foreach (var region in DefaultPlan.Regions)
        {
            Assert.Equal(["haproxy.cfg"], readable.Where(f => f.Host == region.RouterHost).Select(f => f.Path));
            Assert.Equal(DaemonUsers.Haproxy, readable.Single(f => f.Host == region.RouterHost).Group);
        }

        // Keys of daemons that still run as root (charon, garbd) and every CA or certificate name no group.
        Assert.All(DefaultPlan.Files.Where(f => f.Path.StartsWith("swanctl/", StringComparison.Ordinal)), f => Assert.Null(f.Group));
        Assert.All(DefaultPlan.Files.Where(f => f.Kind is FileKind.Certificate or FileKind.CaCertificate), f => Assert.Null(f.Group));
    }

    [Fact]
    public void Router_certificate_san_is_the_ike_id_and_wan_address()
    {
        foreach (var region in DefaultPlan.Regions)
        {
            var cert = DefaultPlan.Certificates.Single(c => c.Name == $"router-{region.Name}");
            Assert.Equal([region.IkeId], cert.DnsNames.ToArray());
            Assert.Equal([region.WanAddress], cert.IpAddresses.ToArray());
        }
    }

    [Fact]
    public void Sql_server_certificates_name_the_node_and_127_0_0_1_and_the_benchmark_client_certificate_stays_in_pki()
    {
        foreach (var node in DefaultPlan.GaleraNodes)
        {
            var cert = DefaultPlan.Certificates.Single(c => c.Name == $"sql-{node.Name}");
            Assert.Equal([node.LanAddress, "127.0.0.1"], cert.IpAddresses.ToArray());
            Assert.Equal((CertificateUsage.ServerAuth, TrustDomain.Sql), (cert.Usage, cert.Domain));
        }

        var bench = DefaultPlan.Certificates.Single(c => c.Name == "bench-sql");
        Assert.Equal(("meridian-bench.demo", CertificateUsage.ClientAuth, TrustDomain.Sql, null), (bench.CommonName, bench.Usage, bench.Domain, bench.Host));
        Assert.Empty(bench.DnsNames);
        Assert.Empty(bench.IpAddresses);
        Assert.DoesNotContain(DefaultPlan.Files, f => f.CertificateName == "bench-sql");
    }

    [Fact]
    public void Arbitrator_region_gets_garbd_and_the_etcd_member()
    {
        var spec = SpecWith(2, 1) with
        {
            Regions = SpecWith(2, 1).Regions.Add(new RegionSpec("arb", Ipv4Cidr.Parse("192.168.9.0/24"), 0, true)),
        };
        var plan = Planner.Plan(spec);
        var arbitrator = Assert.Single(plan.Arbitrators);
        Assert.Equal("192.168.9.30", arbitrator.LanAddress);
        Assert.True(arbitrator.Is(HostRole.EtcdMember));
        Assert.Equal(3, plan.EtcdMembers.Count());
        Assert.Contains(plan.Files, f => f.Host == arbitrator.Name && f.Kind == FileKind.GarbdConfig);
    }

    [Fact]
    public void A_slash_28_region_packs_nine_nodes_and_an_arbitrator_inside_its_network()
    {
        var regions = SpecWith(2, 1).Regions.Add(new RegionSpec("small", Ipv4Cidr.Parse("192.168.9.16/28"), 9, true));
        var plan = Planner.Plan(SpecWith(2, 1) with { Regions = regions });
        var cidr = Ipv4Cidr.Parse("192.168.9.16/28");

        var addresses = plan.Hosts.Where(h => h.Region == "small").Select(h => ParseAddress(h.LanAddress)).ToList();
        Assert.Equal(11, addresses.Count);
        Assert.Equal(addresses.Count, addresses.Distinct().Count());
        Assert.All(addresses, a => Assert.True(cidr.Contains(a) && a != cidr.Network && a != cidr.Broadcast));
    }

    [Fact]
    public void Planning_is_deterministic()
    {
        var again = Planner.Plan(ClusterSpec.Default);
        Assert.Equal(DefaultPlan.Hosts.ToArray(), again.Hosts.ToArray());
        Assert.Equal(DefaultPlan.Certificates.Select(c => (c.Name, string.Join(',', c.DnsNames), string.Join(',', c.IpAddresses))),
            again.Certificates.Select(c => (c.Name, string.Join(',', c.DnsNames), string.Join(',', c.IpAddresses))));
        Assert.Equal(DefaultPlan.Files.ToArray(), again.Files.ToArray());
    }

    private static uint ParseAddress(string address) => Ipv4Cidr.TryParseAddress(address, out var value) ? value : throw new FormatException(address);

    internal static ClusterSpec SpecWith(int regionCount, int nodesPerRegion)
    {
        var regions = Enumerable.Range(1, regionCount)
            .Select(i => new RegionSpec($"region-{i}", Ipv4Cidr.Parse($"192.168.{i}.0/24"), nodesPerRegion, false))
            .ToImmutableArray();
        var rtt = RttMatrix.Complete(regions.Select(r => r.Name).ToList(), new Dictionary<RegionPair, TimeSpan>());
        return ClusterSpec.Default with { Cluster = "t", Regions = regions, Rtt = rtt };
    }
}
