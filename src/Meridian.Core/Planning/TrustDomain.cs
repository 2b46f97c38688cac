namespace Meridian.Core.Planning;

/// <summary>
/// A set of daemons that trust one CA and nothing else. Each domain has its own CA (pki/ca-DOMAIN.crt), so a key of
/// one domain is worthless in another: a daemon that can only check "signed by this CA" (Galera's socket.ssl_ca,
/// charon's remote.cacerts, etcd's trusted-ca-file) still refuses every other role's certificate
/// (docs/security.md, "Trust domains").
/// </summary>
public enum TrustDomain
{
    /// <summary>The VPN routers' IKE identities; only charon trusts it.</summary>
    Ike,

    /// <summary>etcd's client port: the members' server certificates and every etcd client (agents, operator, root).</summary>
    Etcd,

    /// <summary>etcd's peer port: the members' peer certificates only.</summary>
    EtcdPeer,

    /// <summary>Galera replication, IST, SST and garbd.</summary>
    Galera,

    /// <summary>The MariaDB server certificates that SQL clients verify.</summary>
    Sql,
}
