namespace Meridian.Core.Rendering;

/// <summary>
/// The one table of where each file lives on a host, relative to its root (the lab's hosts/H/ or a real host's
/// /var/lib/meridian/CLUSTER/, <see cref="Planning.HostLayout"/>): the planner lists files by these names, the renderers
/// point configs at them, and the agent and the providers find them here. A test checks that every path a config
/// refers to is planned. Each trust domain's CA has its own file, so a daemon trusts exactly one domain
/// (docs/security.md, "Trust domains").
/// </summary>
public static class HostFilePaths
{
    public const string GaleraCaCertificate = "tls/galera-ca.crt";
    public const string GaleraCertificate = "tls/galera.crt";
    public const string GaleraKey = "tls/galera.key";
    public const string EtcdCaCertificate = "tls/etcd-ca.crt";
    public const string AgentCertificate = "tls/agent.crt";
    public const string AgentKey = "tls/agent.key";
    public const string EtcdCertificate = "tls/etcd.crt";
    public const string EtcdKey = "tls/etcd.key";
    public const string EtcdPeerCaCertificate = "tls/etcd-peer-ca.crt";
    public const string EtcdPeerCertificate = "tls/etcd-peer.crt";
    public const string EtcdPeerKey = "tls/etcd-peer.key";
    public const string SqlCaCertificate = "tls/sql-ca.crt";
    public const string SqlCertificate = "tls/sql.crt";
    public const string SqlKey = "tls/sql.key";
    public const string AgentConfig = "agent.json";
    public const string NodeSecrets = "secrets.env";
    public const string MariadbConfig = "my.cnf";
    public const string EtcdConfig = "etcd.conf.yml";
    public const string HaproxyConfig = "haproxy.cfg";
    public const string GarbdConfig = "garbd.conf";
    public const string StrongswanConfig = "strongswan.conf";
    public const string SwanctlDirectory = "swanctl";
    public const string SwanctlConfig = "swanctl/swanctl.conf";
    public const string SwanctlCaCertificate = "swanctl/x509ca/" + SwanctlCaFileName;
    public const string LegacyIpsecConf = "legacy/ipsec.conf";
    public const string LegacyIpsecSecrets = "legacy/ipsec.secrets";

    /// <summary>The router's CA file as swanctl loads it from swanctl/x509ca/ (remote.cacerts refers to it by file name).</summary>
    public const string SwanctlCaFileName = "ca.crt";

    public static string SwanctlCertificate(string ikeId) => $"swanctl/x509/{ikeId}.crt";

    public static string SwanctlKey(string ikeId) => $"swanctl/private/{ikeId}.key";
}
