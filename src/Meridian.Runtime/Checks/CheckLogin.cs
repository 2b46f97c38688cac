namespace Meridian.Runtime.Checks;

/// <summary>One region's SQL endpoint (the 127.0.0.1 forwarder) the checker writes through.</summary>
public sealed record CheckEndpoint(string Region, string Host, int Port);

/// <summary>
/// What a Meridian SQL client needs for TLS (docs/security.md, "SQL clients"): the SQL CA that every node's server
/// certificate chains to, and the SQL client certificate that only sysbench presents (it cannot use TLS without one).
/// </summary>
public sealed record SqlTls(string CaFile, string ClientCertificate, string ClientKey);

/// <summary>The application account, every region's endpoint, and how to verify the server.</summary>
public sealed record CheckLogin(string User, string Password, string Database, IReadOnlyList<CheckEndpoint> Endpoints, SqlTls Tls);
