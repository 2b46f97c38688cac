using System.Globalization;
using Meridian.Core.Endpoints;
using MySqlConnector;

namespace Meridian.Runtime.Sql;

/// <summary>
/// Whether SQL answers through every region's 127.0.0.1 endpoint, from the region's own node. A node the agents report
/// Synced is served by HAProxy only after its health check passed `rise` times (docs/lab.md, "What `up` does"); until
/// then a backup in another region answers, and a connection opened then keeps paying that region's round trip
/// (<see cref="EndpointLocality"/>). So `up` waits for the local node before it prints the connect commands.
/// </summary>
public static class EndpointReadiness
{
    /// <summary>
    /// Logs in through each endpoint until all answer from a node of their own region (<paramref name="localNodes"/>, by
    /// region; a region without nodes takes any); throws <see cref="TimeoutException"/> naming the last error.
    /// </summary>
    public static async Task WaitAsync(SqlLogin login, IReadOnlyDictionary<string, IReadOnlyCollection<string>> localNodes, TimeSpan timeout, Action<string> progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(login);
        ArgumentNullException.ThrowIfNull(localNodes);
        ArgumentNullException.ThrowIfNull(progress);
        var deadline = DateTime.UtcNow + timeout;
        foreach (var endpoint in login.Endpoints)
        {
            while (true)
            {
                var error = await TryAsync(login, endpoint, localNodes.GetValueOrDefault(endpoint.Region, []), cancellationToken).ConfigureAwait(false);
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

    /// <summary>Null when the endpoint answered SQL, else the error.</summary>
    public static Task<string?> TryAsync(SqlLogin login, SqlEndpoint endpoint, CancellationToken cancellationToken) =>
        TryAsync(login, endpoint, [], cancellationToken);

    /// <summary>Null when the endpoint answered SQL from one of <paramref name="localNodes"/> (any node when empty), else why not.</summary>
    public static async Task<string?> TryAsync(SqlLogin login, SqlEndpoint endpoint, IReadOnlyCollection<string> localNodes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(login);
        ArgumentNullException.ThrowIfNull(endpoint);
        var settings = new MySqlConnectionStringBuilder(SqlConnections.ConnectionString(login, endpoint)) { Pooling = false, ConnectionTimeout = 3 };
        try
        {
            await using var connection = new MySqlConnection(settings.ConnectionString);
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = new MySqlCommand("SELECT @@wsrep_node_name", connection);
            var servedBy = Convert.ToString(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture) ?? string.Empty;
            return EndpointLocality.Problem(endpoint.Region, servedBy, localNodes);
        }
        catch (MySqlException ex)
        {
            return ex.Message;
        }
    }
}
