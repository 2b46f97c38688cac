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

    public static bool IsCaName(string name) => Enum.GetValues<TrustDomain>().Any(d => CaName(d) == name);
}
