using MySqlConnector;

namespace Meridian.Runtime.Sql;

/// <summary>
/// Whether SQL answers through every region's 127.0.0.1 endpoint. A node the agents report Synced is served by HAProxy
/// only after its health check passed `rise` times (docs/lab.md, "What `up` does"), so `up` waits for this too before it
/// prints the connect commands.
/// </summary>
public static class EndpointReadiness
{
    /// <summary>Logs in and runs SELECT 1 through each endpoint until all answer; throws <see cref="TimeoutException"/> naming the last error.</summary>
    public static async Task WaitAsync(SqlLogin login, TimeSpan timeout, Action<string> progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(login);
        ArgumentNullException.ThrowIfNull(progress);
        var deadline = DateTime.UtcNow + timeout;
        foreach (var endpoint in login.Endpoints)
        {
            while (true)
            {
                var error = await TryAsync(login, endpoint, cancellationToken).ConfigureAwait(false);
                if (error is null)
                {
                    break;
                }

                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException($"{endpoint.Host}:{endpoint.Port} (region {endpoint.Region}) did not answer SQL within {timeout.TotalSeconds:0} s: {error}");
                }

                progress($"{endpoint.Region} endpoint not serving yet: {error}");
                await Task.Delay(250, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Null when SELECT 1 answered, else the error.</summary>
    public static async Task<string?> TryAsync(SqlLogin login, SqlEndpoint endpoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(login);
        ArgumentNullException.ThrowIfNull(endpoint);
        var settings = new MySqlConnectionStringBuilder(SqlConnections.ConnectionString(login, endpoint)) { Pooling = false, ConnectionTimeout = 3 };
        try
        {
            await using var connection = new MySqlConnection(settings.ConnectionString);
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = new MySqlCommand("SELECT 1", connection);
            await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (MySqlException ex)
        {
            return ex.Message;
        }
    }
}
