using System.Collections.Immutable;
using Meridian.Core.Hosts;
using Meridian.Core.Planning;
using Meridian.Core.Spec;

namespace Meridian.Core.Cloud;

/// <summary>
/// Turns a <c>provider: aws</c> spec and its <see cref="ClusterPlan"/> into the EC2 resources of every region, in
/// creation order (docs/providers.md, "What `up` creates"; the spec keys are in docs/spec.md, "aws"). Pure and
/// deterministic: the same inputs give the same plan, so `plan` and `up` show the same thing and the diff against what
/// exists (<see cref="CloudDiff"/>) is stable.
/// </summary>
/// <remarks>
/// Security groups, least privilege (each rule's Description says why it exists):
/// <list type="bullet">
/// <item><c>sg/ssh</c> (routers): TCP 22 from the operator only. The router is the one host a region exposes.</item>
/// <item><c>sg/jump</c> (nodes, arbitrators): TCP 22 from the router's private address only, because nodes are reached
/// through their region's router as jump host. A /32, not the region's CIDR: no other host of the region logs in.</item>
/// <item><c>sg/routers</c> (routers, <c>wan: vpn</c> only): IKE (UDP 500), NAT-T (UDP 4500) and ESP (protocol 50) from
/// the peer routers' Elastic IPs only.</item>
/// <item><c>sg/mesh</c> (every instance): the database, etcd and health ports (<see cref="MeshPorts"/>) from each
/// region's CIDR, one rule per port and CIDR. Routers carry it too: an instance's security group also filters the
/// traffic it forwards, so the router must admit what its region's nodes send to the peer regions.</item>
/// </list>
/// EC2 allows 60 inbound rules per group by default, and the mesh group has 8 per region (9 when the SQL endpoint is
/// not on 3306): up to 7 regions fit without raising the quota.
/// </remarks>
public static class CloudPlanner
{
    public const string RoleRouter = "router";
    public const string RoleNode = "node";
    public const string RoleArbitrator = "arbitrator";

    public const string GroupSsh = "ssh";
    public const string GroupJump = "jump";
    public const string GroupRouters = "routers";
    public const string GroupMesh = "mesh";

    /// <summary>The key pair's name in every AWS region: one per cluster.</summary>
    public static string KeyName(string cluster) => $"meridian-{cluster}";

    public static string GroupName(string cluster, string group) => $"meridian-{cluster}-{group}";

    /// <summary>
    /// What EC2 accepts in a security group's and a rule's description: up to 255 of a-z, A-Z, 0-9, spaces and
    /// ._-:/()#,@[]+=&amp;;{}!$* (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_IpRange.html). No apostrophe.
    /// </summary>
    public const string DescriptionPattern = @"\A[a-zA-Z0-9 ._\-:/()#,@\[\]+=&;{}!$*]{0,255}\z";

    public static CloudPlan Plan(ClusterSpec spec, ClusterPlan plan, string operatorPublicKey, string operatorCidr)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(plan);
        if (spec.Provider != Provider.Aws || spec.Aws is not { } aws)
        {
            throw new ArgumentException($"the spec's provider is {spec.Provider}, not aws", nameof(spec));
        }

        var publicKey = CheckPublicKey(operatorPublicKey);
        if (!Ipv4Cidr.TryParse(operatorCidr, out var operatorNetwork, out var error))
        {
            throw new ArgumentException($"operator CIDR {error}", nameof(operatorCidr));
        }

        var regions = spec.Regions.Select(region => PlanRegion(spec, aws, plan, region, publicKey)).ToImmutableArray();
        return new CloudPlan(spec.Cluster, regions) { OperatorCidr = operatorNetwork.Value.ToString() };
    }

    /// <summary>
    /// The mesh ports, each with why it is open (docs/providers.md, "Ports"; <see cref="PortPlan"/> has the numbers). All
    /// of them cross regions: Galera and etcd are full meshes, and every region's HAProxy has the other regions' nodes as
    /// backups, checked through their agents.
    /// </summary>
    public static IReadOnlyList<(string Protocol, int Port, string Why)> MeshPorts(PortPlan ports)
    {
        ArgumentNullException.ThrowIfNull(ports);
        var list = new List<(string, int, string)>
        {
            ("tcp", ports.Mysql, ports.Endpoint == ports.Mysql ? "SQL: MariaDB and the HAProxy endpoint" : "SQL: MariaDB (HAProxy backends)"),
            ("tcp", ports.GaleraReplication, "Galera replication"),
            // Galera's firewall guide lists 4567 for UDP too (multicast replication); issue 13 asks for it.
            ("udp", ports.GaleraReplication, "Galera replication (UDP)"),
            ("tcp", ports.GaleraIst, "Galera IST"),
            ("tcp", ports.GaleraSst, "Galera SST"),
            ("tcp", ports.EtcdClient, "etcd clients (agents)"),
            ("tcp", ports.EtcdPeer, "etcd peers"),
            ("tcp", ports.AgentHttp, "agent health (HAProxy checks)"),
        };
        if (ports.Endpoint != ports.Mysql)
        {
            list.Add(("tcp", ports.Endpoint, "SQL: the HAProxy endpoint"));
        }

        return list;
    }

    /// <summary>
    /// The operator's public key as one OpenSSH line ("ssh-ed25519 AAAA… comment"): it goes into an EC2 key pair and into
    /// cloud-init's YAML, so a second line or a control character is refused rather than carried into either.
    /// </summary>
    public static string CheckPublicKey(string operatorPublicKey)
    {
        var key = operatorPublicKey?.Trim() ?? string.Empty;
        if (key.Length == 0 || key.Any(char.IsControl) || key.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length < 2)
        {
            throw new ArgumentException("the operator's public key must be one OpenSSH public key line, e.g. 'ssh-ed25519 AAAA… me@host'", nameof(operatorPublicKey));
        }

        return key;
    }

    private static CloudRegionPlan PlanRegion(ClusterSpec spec, AwsSpec aws, ClusterPlan plan, RegionSpec region, string publicKey)
    {
        var regionAws = region.Aws ?? throw new ArgumentException($"region {region.Name} has no aws settings", nameof(spec));
        var regionPlan = plan.Region(region.Name);
        var name = region.Name;
        var vpn = aws.Wan == AwsWan.Vpn;
        var cidr = region.Cidr.ToString();
        var peers = spec.Regions.Where(r => r.Name != name).ToList();

        var resources = ImmutableArray.CreateBuilder<CloudResource>();
        resources.Add(new KeyPairResource(CloudPlanIds.KeyPair(name), KeyName(spec.Cluster), publicKey));
        resources.Add(new VpcResource(CloudPlanIds.Vpc(name), cidr));
        resources.Add(new SubnetResource(CloudPlanIds.Subnet(name), cidr));
        resources.Add(new InternetGatewayResource(CloudPlanIds.InternetGateway(name)));
        if (!vpn)
        {
            // Requested by the earlier region of each pair; the later one's routes name it by the peer region.
            var index = spec.Regions.IndexOf(region);
            foreach (var later in spec.Regions.Skip(index + 1))
            {
                resources.Add(new PeeringResource(CloudPlanIds.Peering(name, later.Name), later.Name));
            }
        }

        var routes = ImmutableArray.CreateBuilder<CloudRoute>();
        routes.Add(new CloudRoute("0.0.0.0/0", RouteTargetKind.InternetGateway));
        foreach (var peer in peers)
        {
            routes.Add(vpn
                ? new CloudRoute(peer.Cidr.ToString(), RouteTargetKind.RouterInterface, RouterHost: regionPlan.RouterHost)
                : new CloudRoute(peer.Cidr.ToString(), RouteTargetKind.PeeringConnection, PeerRegion: peer.Name));
        }

        resources.Add(new RouteTableResource(CloudPlanIds.Routes(name), routes.ToImmutable()));

        var ssh = new SecurityGroupResource(
            CloudPlanIds.SecurityGroup(name, GroupSsh),
            GroupName(spec.Cluster, GroupSsh),
            "SSH to the router from the operator only",
            [new IngressRule("tcp", 22, 22, new RuleSource(RuleSourceKind.Operator), "SSH from the operator")]);
        var jump = new SecurityGroupResource(
            CloudPlanIds.SecurityGroup(name, GroupJump),
            GroupName(spec.Cluster, GroupJump),
            "SSH to nodes from the router of their region (jump host) only",
            [new IngressRule("tcp", 22, 22, new RuleSource(RuleSourceKind.Cidr, $"{regionPlan.RouterLanAddress}/32"), "SSH from the router (jump host)")]);
        var routers = vpn
            ? new SecurityGroupResource(
                CloudPlanIds.SecurityGroup(name, GroupRouters),
                GroupName(spec.Cluster, GroupRouters),
                "IPsec between the routers of the regions only",
                [
                    new IngressRule("udp", 500, 500, new RuleSource(RuleSourceKind.PeerRouters), "IKE from the peer routers"),
                    new IngressRule("udp", 4500, 4500, new RuleSource(RuleSourceKind.PeerRouters), "IPsec NAT-T from the peer routers"),
                    new IngressRule("50", -1, -1, new RuleSource(RuleSourceKind.PeerRouters), "ESP from the peer routers"),
                ])
            : null;
        var meshRules = ImmutableArray.CreateBuilder<IngressRule>();
        foreach (var source in spec.Regions)
        {
            foreach (var (protocol, port, why) in MeshPorts(plan.Ports))
            {
                meshRules.Add(new IngressRule(protocol, port, port, new RuleSource(RuleSourceKind.Cidr, source.Cidr.ToString()), $"{why} from {source.Name}"));
            }
        }

        var mesh = new SecurityGroupResource(
            CloudPlanIds.SecurityGroup(name, GroupMesh),
            GroupName(spec.Cluster, GroupMesh),
            "Database, etcd and health ports from the region networks only",
            meshRules.ToImmutable());
        resources.Add(ssh);
        resources.Add(jump);
        if (routers is not null)
        {
            resources.Add(routers);
        }

        resources.Add(mesh);
        if (vpn)
        {
            resources.Add(new AddressResource(CloudPlanIds.Address(name), regionPlan.RouterHost));
        }

        foreach (var host in plan.Hosts.Where(h => h.Region == name))
        {
            var isRouter = host.Is(HostRole.Router);
            var role = isRouter ? RoleRouter : host.Is(HostRole.GaleraNode) ? RoleNode : RoleArbitrator;
            ImmutableArray<string> groups = isRouter
                ? [ssh.PlanId, .. routers is null ? Array.Empty<string>() : [routers.PlanId], mesh.PlanId]
                : [jump.PlanId, mesh.PlanId];
            resources.Add(new InstanceResource(
                CloudPlanIds.Instance(name, host.Name),
                host.Name,
                role,
                isRouter ? regionAws.RouterType : regionAws.NodeType,
                host.LanAddress,
                groups,
                // Only a VPN router forwards the peer regions' traffic; EC2 drops what is not addressed to an instance otherwise.
                SourceDestCheck: !(isRouter && vpn),
                CloudUserData.Render(host.Name, publicKey, RolePackages.For(host))));
        }

        return new CloudRegionPlan(name, regionAws.AwsRegion, regionAws.Ami, resources.ToImmutable());
    }
}
