using System.Collections.Immutable;
using System.Text.Json;
using MySqlConnector;

namespace Meridian.Integration.Tests.Lab;

/// <summary>
/// The application login `meridian credentials --format json` prints, with each region's 127.0.0.1 endpoint port and
/// the SQL CA (pki/ca-sql.crt) that verifies the server.
/// </summary>
public sealed record LabLogin(string User, string Password, string Database, ImmutableArray<int> Ports, string SqlCa)
{
    public static LabLogin Parse(string credentialsJson)
    {
        using var document = JsonDocument.Parse(credentialsJson);
        var root = document.RootElement;
        return new LabLogin(root.GetProperty("user").GetString()!, root.GetProperty("password").GetString()!, root.GetProperty("database").GetString()!,
            [.. root.GetProperty("endpoints").EnumerateArray().Select(e => e.GetProperty("port").GetInt32())],
            root.GetProperty("sqlCa").GetString()!);
    }

    /// <summary>
    /// Through region <paramref name="region"/>'s endpoint (0 = the spec's first region), without pooling, over TLS that
    /// verifies the server against the SQL CA, as Meridian's own clients do (docs/security.md, "SQL clients").
    /// </summary>
    public string ConnectionString(int region, int connectTimeoutSeconds = 10, int commandTimeoutSeconds = 30) =>
        new MySqlConnectionStringBuilder
        {
            Server = "127.0.0.1",
            Port = (uint)Ports[region],
            UserID = User,
            Password = Password,
            Database = Database,
            SslMode = MySqlSslMode.VerifyCA,
            SslCa = SqlCa,
            ConnectionTimeout = (uint)connectTimeoutSeconds,
            DefaultCommandTimeout = (uint)commandTimeoutSeconds,
            Pooling = false,
        }.ConnectionString;
}
