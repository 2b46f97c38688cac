using System.Collections.Immutable;
using Meridian.Core.Pki;
using Meridian.Core.Rendering;
using Meridian.Core.Spec;
using Meridian.Core.Tuning;

namespace Meridian.Core.Planning;

/// <summary>Spec → plan. Pure and deterministic: the same spec always yields the same plan.</summary>
public static class Planner
{
    public const int RouterHostNumber = 10;
    public const int FirstNodeHostNumber = 20;
    public const int ArbitratorHostNumber = 30;

    /// <summary>Where the local lab's SQL endpoints listen (docs/spec.md, "endpoints"): named in every SQL server certificate.</summary>
    public const string LoopbackAddress = "127.0.0.1";

    /// <summary>The longest prefix with room for .20–.30; a /28 (the smallest region a spec may use) packs hosts below .15.</summary>
    public const int LongestSpaciousPrefix = 27;

    /// <summary>Data node <paramref name="ordinal"/> (1-based): .20 upwards, or .1–.9 in a /28, whose last host is .14.</summary>
    public static int NodeHostNumber(Ipv4Cidr cidr, int ordinal) =>
        cidr.Prefix <= LongestSpaciousPrefix ? FirstNodeHostNumber + ordinal - 1 : ordinal;

    /// <summary>The arbitrator: .30, or .11 in a /28.</summary>
    public static int ArbitratorHostNumberIn(Ipv4Cidr cidr) => cidr.Prefix <= LongestSpaciousPrefix ? ArbitratorHostNumber : RouterHostNumber + 1;

    public static ClusterPlan Plan(ClusterSpec spec)
    {
        var regions = ImmutableArray.CreateBuilder<RegionPlan>();
        var hosts = ImmutableArray.CreateBuilder<HostPlan>();

        for (var i = 0; i < spec.Regions.Length; i++)
        {
            var region = spec.Regions[i];
            var index = i + 1;
            var routerSpec = region.Host(HostSpec.RouterShortName);
            var wan = routerSpec?.Public ?? WanAddress(index);
            var routerName = RouterName(region.Name);
            var routerLan = routerSpec?.Address ?? region.Cidr.Host(RouterHostNumber);

            var nodeHosts = new List<HostPlan>();
            for (var n = 1; n <= region.Nodes; n++)
            {
                var roles = HostRole.GaleraNode | (n == 1 ? HostRole.EtcdMember : HostRole.None);
                nodeHosts.Add(LanHost(spec, region, $"{region.Name}-db{n}", roles, NodeHostNumber(region.Cidr, n), n, HostSpec.NodeShortName(n)));
            }

            HostPlan? arbitrator = null;
            if (region.Arbitrator)
            {
                var roles = HostRole.Arbitrator | (region.Nodes == 0 ? HostRole.EtcdMember : HostRole.None);
                arbitrator = LanHost(spec, region, $"{region.Name}-arb", roles, ArbitratorHostNumberIn(region.Cidr), 1, HostSpec.ArbitratorShortName);
            }

            hosts.Add(new HostPlan(
                routerName,
                region.Name,
                HostRole.Router | HostRole.Endpoint | (nodeHosts.Count == 0 && arbitrator is null ? HostRole.EtcdMember : HostRole.None),
                routerLan,
                region.Cidr.Prefix,
                wan,
                0,
                NamespaceName(spec.Cluster, routerName),
                "lan0",
                string.Empty)
            {
                Ssh = SshAccessOf(spec, routerSpec, wan, null),
            });
            hosts.AddRange(nodeHosts);
            if (arbitrator is not null)
            {
                hosts.Add(arbitrator);
            }

            var etcdHost = nodeHosts.FirstOrDefault()?.Name ?? arbitrator?.Name ?? routerName;
            regions.Add(new RegionPlan(
                region.Name,
                index,
                region.Cidr,
                Segment: GaleraSegment(spec.Galera, index),
                routerName,
                routerLan,
                wan,
                IkeId(spec.Cluster, region.Name),
                [.. nodeHosts.Select(h => h.Name)],
                arbitrator?.Name,
                etcdHost,
                spec.Endpoints.PortOf(i))
            {
                WanAddressTranslated = routerSpec?.PublicIsTranslated ?? false,
            });
        }

        var plannedHosts = hosts.ToImmutable();
        var plannedRegions = regions.ToImmutable();
        var tunnels = PlanTunnels(plannedRegions);
        return new ClusterPlan(
            spec.Cluster,
            spec.Provider,
            spec.Rtt,
            GaleraPlan.Resolve(spec.Galera),
            plannedRegions,
            plannedHosts,
            tunnels,
            PlanCertificates(spec, plannedRegions, plannedHosts),
            PlanFiles(plannedRegions, plannedHosts),
            PortPlan.Default,
            WanTuner.Derive(spec.Rtt, spec.Impairments),
            new DatabasePlan(spec.Database.Name, spec.Database.User, spec.Database.RequireTls))
        {
            Monitoring = spec.Monitoring,
            Impairments = spec.Impairments,
        };
    }

    /// <summary>
    /// The gmcast.segment of a region's Galera nodes and arbitrator, decided here only: the region's index under
    /// <see cref="GaleraTuning.Derived"/>, so write-sets cross each WAN link once and are relayed inside the region;
    /// 0 (Galera's default, one flat group) under the comparison profiles or with <c>galera.segments: false</c>.
    /// https://galeracluster.com/library/documentation/galera-parameters.html#gmcast-segment
    /// </summary>
    public static int GaleraSegment(GaleraSpec galera, int regionIndex)
    {
        ArgumentNullException.ThrowIfNull(galera);
        return galera.Tuning == GaleraTuning.Derived && galera.Segments ? regionIndex : 0;
    }

    /// <summary>
    /// <c>mrd-&lt;cluster&gt;--&lt;host&gt;</c>. Names cannot contain "--" (SpecNames, RFC 1123 labels), so the first "--"
    /// separates the cluster from the host: cluster a with region b-c (mrd-a--b-c-db1) and cluster a-b with region c
    /// (mrd-a-b--c-db1) no longer collide, and the prefix mrd-a-- matches only cluster a (docs/lab.md, "Names").
    /// At most 4 + 16 + 2 + 28 = 50 characters; netns names are files under /run/netns (NAME_MAX 255).
    /// </summary>
    public static string NamespaceName(string cluster, string host) => $"mrd-{cluster}--{host}";

    public static string RouterName(string region) => $"{region}-vpn";

    /// <summary>Router WAN addresses come from 198.18.0.0/15 (RFC 2544), never from a range a user might own.</summary>
    public static string WanAddress(int regionIndex) => Ipv4Cidr.FormatAddress(Ipv4Cidr.WanRange.Network + (uint)regionIndex);

    /// <summary>The IKE identity; it must equal the router certificate's SAN dNSName (docs/lab-notes.md#strongswan-certificates).</summary>
    public static string IkeId(string cluster, string region) => $"{region}.vpn.{cluster}.meridian";

    /// <summary>A host on the region's LAN; <paramref name="shortName"/> is its name in the spec's <c>hosts</c> (db1, arb).</summary>
    private static HostPlan LanHost(ClusterSpec spec, RegionSpec region, string name, HostRole roles, int hostNumber, int ordinal, string shortName)
    {
        var hostSpec = region.Host(shortName);
        var lan = hostSpec?.Address ?? region.Cidr.Host(hostNumber);
        return new(
            name,
            region.Name,
            roles,
            lan,
            region.Cidr.Prefix,
            null,
            ordinal,
            NamespaceName(spec.Cluster, name),
            "eth0",
            $"p-{shortName}")
        {
            // No public address: SSH goes through the region's router, the one host a region exposes.
            Ssh = SshAccessOf(spec, hostSpec, hostSpec?.Public ?? lan, hostSpec?.Public is null ? RouterName(region.Name) : null),
        };
    }

    private static SshAccess? SshAccessOf(ClusterSpec spec, HostSpec? host, string address, string? jumpHost) =>
        spec.Ssh is not { } ssh
            ? null
            : new SshAccess(address, host?.Port ?? ssh.Port, host?.User ?? ssh.User, host?.KeyFile ?? ssh.KeyFile, jumpHost);

    /// <summary>
    /// Full mesh; the region earlier in the spec initiates. Exactly one initiator per pair avoids the
    /// duplicate-IKE_SA trap (docs/lab-notes.md#strongswan-pitfalls).
    /// </summary>
    private static ImmutableArray<TunnelPlan> PlanTunnels(ImmutableArray<RegionPlan> regions)
    {
        var tunnels = ImmutableArray.CreateBuilder<TunnelPlan>();
        for (var i = 0; i < regions.Length; i++)
        {
            for (var j = i + 1; j < regions.Length; j++)
            {
                tunnels.Add(new TunnelPlan($"r{regions[i].Index}-r{regions[j].Index}", regions[i].Name, regions[j].Name));
            }
        }

        return tunnels.ToImmutable();
    }

    /// <summary>
    /// One certificate per role, each from its own trust domain's CA and with only the extended key usages the role needs
    /// (docs/security.md, "Roles and certificates"): a TLS client gets clientAuth only, a TLS server serverAuth only;
    /// both only where one key really plays both sides (an IKE peer, an etcd peer, a Galera node, and an etcd member's
    /// client-port certificate, which etcd's own gRPC gateway presents as a client certificate).
    /// </summary>
    private static ImmutableArray<CertificatePlan> PlanCertificates(ClusterSpec spec, ImmutableArray<RegionPlan> regions, ImmutableArray<HostPlan> hosts)
    {
        var certs = ImmutableArray.CreateBuilder<CertificatePlan>();
        foreach (var region in regions)
        {
            certs.Add(new CertificatePlan(
                $"router-{region.Name}",
                region.IkeId,
                [region.IkeId],
                [region.WanAddress],
                CertificateUsage.ServerAndClient,
                region.RouterHost,
                TrustDomain.Ike));
        }

        foreach (var host in hosts)
        {
            string[] dns = [host.Name, $"{host.Name}.{spec.Cluster}.meridian"];
            if (host.Is(HostRole.GaleraNode) || host.Is(HostRole.Arbitrator))
            {
                certs.Add(new CertificatePlan($"galera-{host.Name}", host.Name, [.. dns], [host.LanAddress], CertificateUsage.ServerAndClient, host.Name, TrustDomain.Galera));
            }

            if (host.Is(HostRole.GaleraNode) || host.Is(HostRole.Arbitrator))
            {
                // The agent's etcd client identity: its common name is its etcd user (EtcdAccess.AgentUser). The
                // arbitrator's agent reads the nodes' reports to decide when garbd may start.
                certs.Add(new CertificatePlan($"agent-{host.Name}", EtcdAccess.AgentUser(host.Name), [], [], CertificateUsage.ClientAuth, host.Name, TrustDomain.Etcd));
            }

            if (host.Is(HostRole.GaleraNode))
            {
                // 127.0.0.1 too: operators and the tools reach every node through a 127.0.0.1 forwarder and HAProxy, which
                // pass TLS through, and `mariadb --ssl-verify-server-cert` checks the name it dialled (docs/security.md, "SQL clients").
                certs.Add(new CertificatePlan($"sql-{host.Name}", host.Name, [.. dns], [host.LanAddress, LoopbackAddress], CertificateUsage.ServerAuth, host.Name, TrustDomain.Sql));
            }

            if (host.Is(HostRole.EtcdMember))
            {
                certs.Add(new CertificatePlan($"etcd-{host.Name}", $"etcd.{host.Name}", [.. dns], [host.LanAddress, "127.0.0.1"], CertificateUsage.ServerAndClient, host.Name, TrustDomain.Etcd));
                certs.Add(new CertificatePlan($"etcd-peer-{host.Name}", $"etcd-peer.{host.Name}", [.. dns], [host.LanAddress], CertificateUsage.ServerAndClient, host.Name, TrustDomain.EtcdPeer));
            }
        }

        certs.Add(new CertificatePlan("cli", EtcdAccess.OperatorUser(spec.Cluster), [], [], CertificateUsage.ClientAuth, null, TrustDomain.Etcd));
        certs.Add(new CertificatePlan(EtcdAccess.RootCertificateName, EtcdAccess.RootUser, [], [], CertificateUsage.ClientAuth, null, TrustDomain.Etcd));
        certs.Add(new CertificatePlan(PkiNames.BenchSqlClient, PkiNames.BenchSqlClientCommonName(spec.Cluster), [], [], CertificateUsage.ClientAuth, null, TrustDomain.Sql));
        return certs.ToImmutable();
    }

    private static ImmutableArray<PlannedFile> PlanFiles(ImmutableArray<RegionPlan> regions, ImmutableArray<HostPlan> hosts)
    {
        var files = ImmutableArray.CreateBuilder<PlannedFile>();
        foreach (var host in hosts)
        {
            void Add(string path, FileKind kind, int mode = PlannedFile.PublicMode, string? certificate = null, string? group = null) =>
                files.Add(new PlannedFile(host.Name, path, kind, mode, certificate, group));

            // What a daemon reads as its own user is root:GROUP 0640 (docs/security.md, "Host privileges and secrets").
            void AddReadableBy(string group, string path, FileKind kind, string? certificate = null) =>
                Add(path, kind, PlannedFile.GroupReadableMode, certificate, group);

            if (host.Is(HostRole.Router))
            {
                var region = regions.First(r => r.Name == host.Region);
                Add(HostFilePaths.StrongswanConfig, FileKind.StrongswanConf);
                Add(HostFilePaths.SwanctlConfig, FileKind.SwanctlConf);
                Add(HostFilePaths.SwanctlCaCertificate, FileKind.CaCertificate, certificate: PkiNames.CaName(TrustDomain.Ike));
                Add(HostFilePaths.SwanctlCertificate(region.IkeId), FileKind.Certificate, certificate: $"router-{region.Name}");
                Add(HostFilePaths.SwanctlKey(region.IkeId), FileKind.PrivateKey, PlannedFile.SecretMode, $"router-{region.Name}");
                AddReadableBy(DaemonUsers.Haproxy, HostFilePaths.HaproxyConfig, FileKind.HaproxyConfig);
                Add(HostFilePaths.LegacyIpsecConf, FileKind.LegacyIpsecConf);
                Add(HostFilePaths.LegacyIpsecSecrets, FileKind.LegacyIpsecSecrets, PlannedFile.SecretMode);
            }

            if (host.Is(HostRole.GaleraNode) || host.Is(HostRole.Arbitrator))
            {
                Add(HostFilePaths.GaleraCaCertificate, FileKind.CaCertificate, certificate: PkiNames.CaName(TrustDomain.Galera));
                Add(HostFilePaths.GaleraCertificate, FileKind.Certificate, certificate: $"galera-{host.Name}");
                // garbd (arbitrators) still runs as root; mariadbd and its SST scripts read the key as mysql.
                if (host.Is(HostRole.GaleraNode))
                {
                    AddReadableBy(DaemonUsers.Mysql, HostFilePaths.GaleraKey, FileKind.PrivateKey, $"galera-{host.Name}");
                }
                else
                {
                    Add(HostFilePaths.GaleraKey, FileKind.PrivateKey, PlannedFile.SecretMode, $"galera-{host.Name}");
                }
            }

            // Every host has a host agent, which runs the host's declared daemons (docs/agent.md).
            Add(HostFilePaths.AgentConfig, FileKind.AgentConfig);
            if (host.Is(HostRole.GaleraNode) || host.Is(HostRole.EtcdMember) || host.Is(HostRole.Arbitrator))
            {
                Add(HostFilePaths.EtcdCaCertificate, FileKind.CaCertificate, certificate: PkiNames.CaName(TrustDomain.Etcd));
            }

            if (host.Is(HostRole.GaleraNode))
            {
                AddReadableBy(DaemonUsers.Mysql, HostFilePaths.MariadbConfig, FileKind.MariadbConfig); // carries the SST password, which mysql knows
                Add(HostFilePaths.NodeSecrets, FileKind.NodeSecrets, PlannedFile.SecretMode);
                Add(HostFilePaths.AgentCertificate, FileKind.Certificate, certificate: $"agent-{host.Name}");
                Add(HostFilePaths.AgentKey, FileKind.PrivateKey, PlannedFile.SecretMode, $"agent-{host.Name}");
                Add(HostFilePaths.SqlCaCertificate, FileKind.CaCertificate, certificate: PkiNames.CaName(TrustDomain.Sql));
                Add(HostFilePaths.SqlCertificate, FileKind.Certificate, certificate: $"sql-{host.Name}");
                AddReadableBy(DaemonUsers.Mysql, HostFilePaths.SqlKey, FileKind.PrivateKey, $"sql-{host.Name}"); // mariadbd reads it as mysql
            }

            if (host.Is(HostRole.Arbitrator))
            {
                Add(HostFilePaths.GarbdConfig, FileKind.GarbdConfig);
                Add(HostFilePaths.AgentCertificate, FileKind.Certificate, certificate: $"agent-{host.Name}");
                Add(HostFilePaths.AgentKey, FileKind.PrivateKey, PlannedFile.SecretMode, $"agent-{host.Name}");
            }

            if (host.Is(HostRole.EtcdMember))
            {
                AddReadableBy(DaemonUsers.Etcd, HostFilePaths.EtcdConfig, FileKind.EtcdConfig);
                Add(HostFilePaths.EtcdCertificate, FileKind.Certificate, certificate: $"etcd-{host.Name}");
                AddReadableBy(DaemonUsers.Etcd, HostFilePaths.EtcdKey, FileKind.PrivateKey, $"etcd-{host.Name}");
                Add(HostFilePaths.EtcdPeerCaCertificate, FileKind.CaCertificate, certificate: PkiNames.CaName(TrustDomain.EtcdPeer));
                Add(HostFilePaths.EtcdPeerCertificate, FileKind.Certificate, certificate: $"etcd-peer-{host.Name}");
                AddReadableBy(DaemonUsers.Etcd, HostFilePaths.EtcdPeerKey, FileKind.PrivateKey, $"etcd-peer-{host.Name}");
            }
        }

        return files.ToImmutable();
    }
}
