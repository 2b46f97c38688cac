using MySqlConnector;

namespace Meridian.Runtime.Sql;

/// <summary>How Meridian's own SQL clients (check, chaos, benchmarks, `up`'s endpoint wait) connect as the application user.</summary>
public static class SqlConnections
{
    /// <summary>
    /// Every Meridian client of the application account connects through this: TLS that verifies the server against the
    /// SQL CA only (VerifyCA, SslCa; https://mysqlconnector.net/connection-options/). Through the 127.0.0.1 forwarder and
    /// HAProxy the client cannot know which node answers, so the CA, which signs nothing but this cluster's SQL servers,
    /// is the whole check; VerifyCA also keeps working while a node still serves a certificate issued before
    /// 127.0.0.1 was among its names (docs/security.md, "SQL clients").
    /// </summary>
    public static string ConnectionString(SqlLogin login, SqlEndpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(login);
        ArgumentNullException.ThrowIfNull(endpoint);
        return new MySqlConnectionStringBuilder
        {
            Server = endpoint.Host,
            Port = (uint)endpoint.Port,
            UserID = login.User,
            Password = login.Password,
            Database = login.Database,
            SslMode = MySqlSslMode.VerifyCA,
            SslCa = login.Tls.CaFile,
            ConnectionTimeout = 5,
            // Longer than a pause-node drill or an isolation's suspect timeout, so a stalled commit usually completes.
            DefaultCommandTimeout = 20,
            Pooling = false,
        }.ConnectionString;
    }
}
