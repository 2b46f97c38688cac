using Meridian.Runtime.Checks;
using Meridian.Core.Benchmarks;
using MySqlConnector;
using Meridian.Runtime.Sql;

namespace Meridian.Runtime.Bench;

/// <summary>
/// Reads the checker's accounts table through every region's endpoint (a new connection each time, so HAProxy chooses
/// the node afresh), and in the same statement the answering node's name and wsrep state; wsrep_sync_wait stays 0, so
/// the read is served from the node's own data, as an application's plain read would be.
/// </summary>
public sealed class EndpointReadProbe(SqlLogin login)
{
    private const string Query =
        "SELECT @@wsrep_node_name, " +
        "(SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME = 'WSREP_LOCAL_STATE_COMMENT'), " +
        "(SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME = 'WSREP_CLUSTER_STATUS'), " +
        "COUNT(*) FROM " + BankSchema.Accounts;

    public async Task<IReadOnlyList<EndpointReadSample>> SampleAsync(CancellationToken cancellationToken) =>
        await Task.WhenAll(login.Endpoints.Select(e => ReadAsync(e, cancellationToken))).ConfigureAwait(false);

    private async Task<EndpointReadSample> ReadAsync(SqlEndpoint endpoint, CancellationToken cancellationToken)
    {
        var at = DateTimeOffset.Now;
        var builder = new MySqlConnectionStringBuilder(SqlConnections.ConnectionString(login, endpoint)) { ConnectionTimeout = 2, DefaultCommandTimeout = 2 };
        try
        {
            await using var connection = new MySqlConnection(builder.ConnectionString);
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = new MySqlCommand(Query, connection);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
                ? new EndpointReadSample(at, endpoint.Region, reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2))
                : new EndpointReadSample(at, endpoint.Region, null, null, null);
        }
        catch (Exception ex) when (SqlErrors.IsWriteFailure(ex))
        {
            // Refused, unreachable or timed out: not served.
            return new EndpointReadSample(at, endpoint.Region, null, null, null);
        }
    }
}
