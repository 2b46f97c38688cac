using System.Runtime.CompilerServices;
using System.Text;
using Meridian.Core.Cloud;
using Meridian.Core.Hosts;
using Meridian.Core.Planning;
using Meridian.Core.Spec;
using YamlDotNet.RepresentationModel;

namespace Meridian.Core.Tests.Cloud;

/// <summary>
/// The EC2 resources a <c>provider: aws</c> spec plans (<see cref="CloudPlanner"/>): the whole plan against
/// tests/Meridian.Core.Tests/Cloud/Golden/*.txt (UPDATE_GOLDEN=1 rewrites them; review the diff), and the least-privilege
/// rules as table tests.
/// </summary>
public sealed class CloudPlannerTests
{
    private static readonly bool Update = Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1";

    private static readonly string[] PeerEips = ["198.51.100.1", "198.51.100.2", "198.51.100.3"];

    [Theory]
    [InlineData(AwsWan.Vpn, "three-regions-vpn.txt")]
    [InlineData(AwsWan.VpcPeering, "three-regions-vpc-peering.txt")]
    public void Given_a_three_region_spec_When_planned_Then_the_plan_matches_its_golden_copy(AwsWan wan, string file)
    {
        var text = CloudFixture.Dump(CloudFixture.Plan(wan));
        var golden = Path.Combine(GoldenRoot(), file);
        if (Update)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(golden)!);
            File.WriteAllText(golden, text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        }

        Assert.True(File.Exists(golden), $"{golden}: no golden file (run with UPDATE_GOLDEN=1)");
        Assert.True(File.ReadAllText(golden) == text, $"{golden} differs (run with UPDATE_GOLDEN=1 and review the diff)");
    }

    [Fact]
    public void Given_the_same_inputs_When_planned_twice_Then_the_plans_are_identical()
    {
        Assert.Equal(CloudFixture.Dump(CloudFixture.Plan()), CloudFixture.Dump(CloudFixture.Plan()));
    }

    [Theory]
    [InlineData(AwsWan.Vpn, "key-pair vpc subnet igw routes sg/ssh sg/jump sg/routers sg/mesh eip instance instance instance")]
    [InlineData(AwsWan.VpcPeering, "key-pair vpc subnet igw peering/west peering/ap-northeast-1 routes sg/ssh sg/jump sg/mesh instance instance instance")]
    public void Given_a_region_When_planned_Then_its_resources_come_in_creation_order(AwsWan wan, string expected)
    {
        var region = CloudFixture.Plan(wan).Region("us-east-1");

        var things = region.Resources.Select(r => r.PlanId["us-east-1/".Length..]).Select(t => t.StartsWith("instance/", StringComparison.Ordinal) ? "instance" : t);

        Assert.Equal(expected, string.Join(' ', things));
    }

    [Theory]
    [InlineData(AwsWan.Vpn)]
    [InlineData(AwsWan.VpcPeering)]
    public void Given_a_plan_When_its_ids_are_listed_Then_each_is_unique_and_starts_with_its_region(AwsWan wan)
    {
        var plan = CloudFixture.Plan(wan);
        var ids = plan.Regions.SelectMany(r => r.Resources.Select(x => (r.Region, x.PlanId))).ToList();

        Assert.Equal(ids.Count, ids.Select(i => i.PlanId).Distinct(StringComparer.Ordinal).Count());
        Assert.All(ids, i => Assert.Equal(i.Region, CloudPlanIds.RegionOf(i.PlanId)));
    }

    [Theory]
    [InlineData("203.0.113.7/32", false)]
    [InlineData("198.51.100.0/24", false)]
    [InlineData("0.0.0.0/0", true)]
    public void Given_an_operator_cidr_When_every_rule_is_resolved_Then_only_an_explicit_0_0_0_0_slash_0_admits_the_internet(string operatorCidr, bool open)
    {
        var plan = CloudFixture.Plan(AwsWan.Vpn, operatorCidr);

        var sources = AllRules(plan).SelectMany(r => CloudRuleSources.Resolve(r.Rule.Source, plan.OperatorCidr, PeerEips)).ToList();

        Assert.Equal(open, sources.Contains("0.0.0.0/0"));
        Assert.DoesNotContain(sources, s => s.EndsWith("/0", StringComparison.Ordinal) && s != "0.0.0.0/0");
    }

    [Theory]
    [InlineData(AwsWan.Vpn)]
    [InlineData(AwsWan.VpcPeering)]
    public void Given_a_plan_When_its_rules_are_read_Then_SSH_comes_only_from_the_operator_to_routers_and_from_the_router_to_the_rest(AwsWan wan)
    {
        var plan = CloudFixture.Plan(wan);
        var cluster = Planner.Plan(CloudFixture.Spec(wan));

        foreach (var region in plan.Regions)
        {
            var routerLan = cluster.Region(region.Region).RouterLanAddress;
            foreach (var instance in region.OfType<InstanceResource>())
            {
                var ssh = RulesOf(region, instance).Where(r => Admits(r, "tcp", 22)).ToList();
                var expected = instance.Role == CloudPlanner.RoleRouter
                    ? new RuleSource(RuleSourceKind.Operator)
                    : new RuleSource(RuleSourceKind.Cidr, $"{routerLan}/32");
                Assert.Equal([expected], ssh.Select(r => r.Source));
            }
        }

        Assert.All(AllRules(plan).Where(r => r.Rule.Source.Kind == RuleSourceKind.Operator), r => Assert.True(r.Group.EndsWith("/sg/ssh", StringComparison.Ordinal) && Admits(r.Rule, "tcp", 22)));
    }

    [Fact]
    public void Given_a_vpn_plan_When_its_rules_are_read_Then_IKE_NAT_T_and_ESP_come_only_from_the_peer_routers_and_reach_only_routers()
    {
        var plan = CloudFixture.Plan(AwsWan.Vpn);
        static bool IsIpsec(IngressRule r) => Admits(r, "udp", 500) || Admits(r, "udp", 4500) || r.Protocol == "50";

        var ipsec = AllRules(plan).Where(r => IsIpsec(r.Rule)).ToList();
        var fromPeers = AllRules(plan).Where(r => r.Rule.Source.Kind == RuleSourceKind.PeerRouters).ToList();

        Assert.Equal(9, ipsec.Count); // 3 regions × IKE, NAT-T, ESP
        Assert.Equal(ipsec, fromPeers);
        Assert.All(ipsec.Where(r => r.Rule.Protocol == "50"), r => Assert.Equal((-1, -1), (r.Rule.FromPort, r.Rule.ToPort)));
        foreach (var region in plan.Regions)
        {
            foreach (var instance in region.OfType<InstanceResource>())
            {
                Assert.Equal(instance.Role == CloudPlanner.RoleRouter, RulesOf(region, instance).Any(IsIpsec));
            }
        }
    }

    [Fact]
    public void Given_a_vpc_peering_plan_When_its_rules_are_read_Then_no_rule_admits_IPsec_or_peer_routers()
    {
        var plan = CloudFixture.Plan(AwsWan.VpcPeering);

        Assert.DoesNotContain(AllRules(plan), r => r.Rule.Source.Kind == RuleSourceKind.PeerRouters || r.Rule.Protocol == "50" || Admits(r.Rule, "udp", 500));
        Assert.Empty(plan.Regions.SelectMany(r => r.OfType<AddressResource>()));
    }

    public static TheoryData<string, int, string> MeshPorts => new()
    {
        { "tcp", 3306, "SQL" },
        { "tcp", 4567, "Galera replication" },
        { "udp", 4567, "Galera replication (UDP)" },
        { "tcp", 4568, "Galera IST" },
        { "tcp", 4444, "Galera SST" },
        { "tcp", 2379, "etcd clients" },
        { "tcp", 2380, "etcd peers" },
        { "tcp", 9200, "agent health" },
    };

    [Theory]
    [MemberData(nameof(MeshPorts))]
    public void Given_a_database_port_When_the_rules_admitting_it_are_read_Then_they_come_from_each_region_cidr_only_on_every_instance(string protocol, int port, string why)
    {
        var spec = CloudFixture.Spec();
        var plan = CloudFixture.Plan();
        var cidrs = spec.Regions.Select(r => r.Cidr.ToString()).ToList();

        foreach (var region in plan.Regions)
        {
            foreach (var instance in region.OfType<InstanceResource>())
            {
                var rules = RulesOf(region, instance).Where(r => Admits(r, protocol, port)).ToList();
                Assert.Equal(cidrs, rules.Select(r => r.Source.Cidr));
                Assert.All(rules, r => Assert.Equal(RuleSourceKind.Cidr, r.Source.Kind));
                Assert.All(rules, r => Assert.StartsWith(why, r.Description, StringComparison.Ordinal));
            }
        }
    }

    [Fact]
    public void Given_the_mesh_group_When_counted_Then_it_holds_one_rule_per_port_and_region_and_nothing_else()
    {
        var mesh = CloudFixture.Plan().Region("west").OfType<SecurityGroupResource>().Single(g => g.PlanId == "west/sg/mesh");

        Assert.Equal(8 * 3, mesh.Rules.Length);
        Assert.Equal(mesh.Rules.Length, mesh.Rules.Distinct().Count());
        Assert.All(mesh.Rules, r => Assert.Equal(r.FromPort, r.ToPort));
        Assert.All(mesh.Rules, r => Assert.False(r.FromPort is 22 or 500 or 4500));
    }

    [Theory]
    [InlineData(AwsWan.Vpn)]
    [InlineData(AwsWan.VpcPeering)]
    public void Given_a_plan_When_its_descriptions_are_read_Then_EC2_accepts_every_one(AwsWan wan)
    {
        var groups = CloudFixture.Plan(wan).Regions.SelectMany(r => r.OfType<SecurityGroupResource>()).ToList();

        Assert.All(groups.Select(g => g.Description).Concat(groups.SelectMany(g => g.Rules.Select(r => r.Description))), d => Assert.Matches(CloudPlanner.DescriptionPattern, d));
        Assert.All(groups, g => Assert.Matches(@"\A[a-z0-9-]{1,255}\z", g.GroupName));
    }

    [Theory]
    [InlineData("us-east-1-vpn", "router", "t3.micro", "10.0.1.10", false)]
    [InlineData("us-east-1-db2", "node", "t3.medium", "10.0.1.21", true)]
    [InlineData("west-vpn", "router", "t3.micro", "10.0.2.10", false)]
    [InlineData("west-db1", "node", "m6i.large", "10.0.2.20", true)]
    [InlineData("ap-northeast-1-arb", "arbitrator", "t3.medium", "10.0.3.30", true)]
    public void Given_a_host_When_planned_as_an_instance_Then_role_type_address_and_source_dest_check_follow_the_plan(string host, string role, string type, string address, bool sourceDestCheck)
    {
        var instance = CloudFixture.Plan().Regions.SelectMany(r => r.OfType<InstanceResource>()).Single(i => i.Host == host);

        Assert.Equal((role, type, address, sourceDestCheck), (instance.Role, instance.InstanceType, instance.PrivateAddress, instance.SourceDestCheck));
        Assert.EndsWith($"/instance/{host}", instance.PlanId, StringComparison.Ordinal);
    }

    [Fact]
    public void Given_vpc_peering_When_planned_Then_each_pair_is_requested_once_by_the_earlier_region_and_routed_both_ways()
    {
        var plan = CloudFixture.Plan(AwsWan.VpcPeering);

        var peerings = plan.Regions.SelectMany(r => r.OfType<PeeringResource>().Select(p => $"{r.Region}->{p.PeerRegion}"));
        Assert.Equal(["us-east-1->west", "us-east-1->ap-northeast-1", "west->ap-northeast-1"], peerings);
        var westRoutes = plan.Region("west").OfType<RouteTableResource>().Single().Routes;
        Assert.Equal(
            [new CloudRoute("0.0.0.0/0", RouteTargetKind.InternetGateway), new CloudRoute("10.0.1.0/24", RouteTargetKind.PeeringConnection, PeerRegion: "us-east-1"), new CloudRoute("10.0.3.0/24", RouteTargetKind.PeeringConnection, PeerRegion: "ap-northeast-1")],
            westRoutes.AsEnumerable());
        Assert.All(plan.Regions.SelectMany(r => r.OfType<InstanceResource>()), i => Assert.True(i.SourceDestCheck));
    }

    [Fact]
    public void Given_a_vpn_plan_When_routes_are_read_Then_each_peer_cidr_goes_to_the_own_router_and_the_rest_to_the_gateway()
    {
        var routes = CloudFixture.Plan().Region("ap-northeast-1").OfType<RouteTableResource>().Single().Routes;

        Assert.Equal(
            [new CloudRoute("0.0.0.0/0", RouteTargetKind.InternetGateway), new CloudRoute("10.0.1.0/24", RouteTargetKind.RouterInterface, RouterHost: "ap-northeast-1-vpn"), new CloudRoute("10.0.2.0/24", RouteTargetKind.RouterInterface, RouterHost: "ap-northeast-1-vpn")],
            routes.AsEnumerable());
    }

    [Fact]
    public void Given_an_instance_When_its_user_data_is_parsed_Then_it_is_cloud_config_with_the_hostname_the_key_and_the_role_packages_only()
    {
        var spec = CloudFixture.Spec();
        var cluster = Planner.Plan(spec);
        var plan = CloudFixture.Plan();

        foreach (var instance in plan.Regions.SelectMany(r => r.OfType<InstanceResource>()))
        {
            Assert.StartsWith("#cloud-config\n", instance.UserData, StringComparison.Ordinal);
            var stream = new YamlStream();
            stream.Load(new StringReader(instance.UserData));
            var root = (YamlMappingNode)stream.Documents[0].RootNode;
            Assert.Equal(["hostname", "ssh_authorized_keys", "package_update", "packages", "write_files", "runcmd"], root.Children.Keys.Select(k => ((YamlScalarNode)k).Value));
            Assert.Equal(instance.Host, ((YamlScalarNode)root["hostname"]).Value);
            Assert.Equal([CloudFixture.PublicKey], ((YamlSequenceNode)root["ssh_authorized_keys"]).Select(n => ((YamlScalarNode)n).Value));
            Assert.Equal(RolePackages.For(cluster.Host(instance.Host)), ((YamlSequenceNode)root["packages"]).Select(n => ((YamlScalarNode)n).Value!));
            Assert.DoesNotContain("PRIVATE", instance.UserData, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Given_a_key_comment_with_a_quote_When_rendered_Then_the_yaml_still_reads_back_the_exact_line()
    {
        const string key = "ssh-ed25519 AAAAC3Nz o'brien: #1 \"laptop\"";

        var text = CloudUserData.Render("a-db1", key, ["mariadb-server"]);
        var stream = new YamlStream();
        stream.Load(new StringReader(text));

        Assert.Equal(key, ((YamlScalarNode)((YamlSequenceNode)((YamlMappingNode)stream.Documents[0].RootNode)["ssh_authorized_keys"])[0]).Value);
    }

    [Theory]
    [InlineData("", OperatorCidrDefault, "operatorPublicKey")]
    [InlineData("ssh-ed25519", OperatorCidrDefault, "operatorPublicKey")]
    [InlineData("ssh-ed25519 AAAA a\nruncmd: [reboot]", OperatorCidrDefault, "operatorPublicKey")]
    [InlineData(CloudFixture.PublicKey, "203.0.113.7", "operatorCidr")]
    [InlineData(CloudFixture.PublicKey, "203.0.113.7/24", "operatorCidr")]
    public void Given_a_bad_key_or_operator_cidr_When_planned_Then_it_is_refused_before_anything_is_planned(string key, string operatorCidr, string parameter)
    {
        var spec = CloudFixture.Spec();

        var error = Assert.Throws<ArgumentException>(() => CloudPlanner.Plan(spec, Planner.Plan(spec), key, operatorCidr));

        Assert.Equal(parameter, error.ParamName);
    }

    [Fact]
    public void Given_a_non_aws_spec_When_planned_Then_it_is_refused()
    {
        Assert.Throws<ArgumentException>(() => CloudPlanner.Plan(ClusterSpec.Default, Planner.Plan(ClusterSpec.Default), CloudFixture.PublicKey, CloudFixture.OperatorCidr));
    }

    private const string OperatorCidrDefault = CloudFixture.OperatorCidr;

    private static bool Admits(IngressRule rule, string protocol, int port) =>
        rule.Protocol == protocol && rule.FromPort <= port && port <= rule.ToPort;

    private static IEnumerable<IngressRule> RulesOf(CloudRegionPlan region, InstanceResource instance) =>
        instance.SecurityGroups.SelectMany(id => region.OfType<SecurityGroupResource>().Single(g => g.PlanId == id).Rules);

    private static List<(string Group, IngressRule Rule)> AllRules(CloudPlan plan) =>
        [.. plan.Regions.SelectMany(r => r.OfType<SecurityGroupResource>()).SelectMany(g => g.Rules.Select(rule => (g.PlanId, rule)))];

    private static string GoldenRoot([CallerFilePath] string thisFile = "") => Path.Combine(Path.GetDirectoryName(thisFile)!, "Golden");
}
