using Meridian.Core.Planning;

namespace Meridian.Core.Pki;

/// <summary>File stems of the CAs in the PKI directory: one CA per <see cref="TrustDomain"/> (pki/ca-DOMAIN.crt).</summary>
public static class PkiNames
{
    public static string CaName(TrustDomain domain) => domain switch
    {
        TrustDomain.Ike => "ca-ike",
        TrustDomain.Etcd => "ca-etcd",
        TrustDomain.EtcdPeer => "ca-etcd-peer",
        TrustDomain.Galera => "ca-galera",
        TrustDomain.Sql => "ca-sql",
        _ => throw new ArgumentOutOfRangeException(nameof(domain), domain, null),
    };

    /// <summary>The CA's common name: the cluster and the domain, so a certificate's issuer says which domain it belongs to.</summary>
    public static string CaCommonName(string cluster, TrustDomain domain) => $"Meridian {CaName(domain)} {cluster}";

    /// <summary>
    /// The benchmark's SQL client certificate (pki/bench-sql.crt, clientAuth, SQL CA), which stays on the operator's
    /// machine: sysbench 1.0.20 turns TLS on only together with a client certificate (docs/security.md, "SQL clients").
    /// </summary>
    public const string BenchSqlClient = "bench-sql";

    /// <summary>Its common name. No account requires a certificate (REQUIRE X509), so it names the role only.</summary>
    public static string BenchSqlClientCommonName(string cluster) => $"meridian-bench.{cluster}";

    public static bool IsCaName(string name) => Enum.GetValues<TrustDomain>().Any(d => CaName(d) == name);
}
