namespace Meridian.Runtime.Sql;

/// <summary>
/// What a Meridian SQL client needs for TLS (docs/security.md, "SQL clients"): the SQL CA that every node's server
/// certificate chains to, and the SQL client certificate that only sysbench presents (it cannot use TLS without one).
/// </summary>
public sealed record SqlTls(string CaFile, string ClientCertificate, string ClientKey);
