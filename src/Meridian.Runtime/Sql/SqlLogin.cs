namespace Meridian.Runtime.Sql;

/// <summary>The application account, every region's endpoint, and how to verify the server.</summary>
public sealed record SqlLogin(string User, string Password, string Database, IReadOnlyList<SqlEndpoint> Endpoints, SqlTls Tls);
