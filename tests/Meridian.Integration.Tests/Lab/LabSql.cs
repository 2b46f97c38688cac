using MySqlConnector;

namespace Meridian.Integration.Tests.Lab;

/// <summary>SQL through a lab's endpoints, as the integration tests need it.</summary>
public static class LabSql
{
    /// <summary>
    /// Right after the agents report Synced, HAProxy may not serve the node yet (`rise 2`, 1 s apart; docs/lab.md): the
    /// endpoint closes the connection until then. Use after a wait for Synced; a test that expects a refusal passes zero.
    /// </summary>
    public static readonly TimeSpan EndpointCatchUp = TimeSpan.FromSeconds(30);

    /// <summary>Opens a connection, retrying for <paramref name="retryFor"/> while the endpoint refuses it.</summary>
    public static async Task<MySqlConnection> OpenAsync(string connectionString, TimeSpan retryFor)
    {
        var deadline = DateTime.UtcNow + retryFor;
        while (true)
        {
            var connection = new MySqlConnection(connectionString);
            try
            {
                await connection.OpenAsync();
                return connection;
            }
            catch (MySqlException)
            {
                await connection.DisposeAsync();
                if (DateTime.UtcNow >= deadline)
                {
                    throw;
                }

                await Task.Delay(500);
            }
        }
    }

    public static async Task ExecuteAsync(string connectionString, string sql, TimeSpan retryOpenFor = default)
    {
        await using var connection = await OpenAsync(connectionString, retryOpenFor);
        await using var command = new MySqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// Galera applies write-sets on other nodes asynchronously after certification, so a read on another node can miss
    /// a commit that was just acknowledged; wsrep_sync_wait=1 makes the read wait for causality.
    /// https://mariadb.com/kb/en/galera-cluster-system-variables/#wsrep_sync_wait
    /// </summary>
    public static async Task<string?> CausalScalarAsync(string connectionString, string sql, TimeSpan retryOpenFor = default)
    {
        await using var connection = await OpenAsync(connectionString, retryOpenFor);
        await using (var causal = new MySqlCommand("SET SESSION wsrep_sync_wait = 1", connection))
        {
            await causal.ExecuteNonQueryAsync();
        }

        await using var command = new MySqlCommand(sql, connection);
        return (await command.ExecuteScalarAsync())?.ToString();
    }

    /// <summary>Autocommit INSERTs of ids <paramref name="from"/>..<paramref name="to"/> into TABLE(id INT PRIMARY KEY), one
    /// connection: each returns only once the cluster acknowledged it.</summary>
    public static async Task InsertIdsAsync(string connectionString, string table, int from, int to)
    {
        await using var connection = await OpenAsync(connectionString, EndpointCatchUp);
        for (var id = from; id <= to; id++)
        {
            await using var insert = new MySqlCommand(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"INSERT INTO {table} VALUES ({id})"), connection);
            await insert.ExecuteNonQueryAsync();
        }
    }
}
