using System.Globalization;
using Meridian.Runtime.Checks;
using MySqlConnector;
using Meridian.Runtime.Sql;

namespace Meridian.Runtime.Bench;

/// <summary>
/// wsrep_flow_control_sent summed over the node behind every region's endpoint: how often a receiver paused the whole
/// cluster because its queue passed gcs.fc_limit (https://galeracluster.com/library/documentation/galera-status-variables.html#wsrep-flow-control-sent).
/// </summary>
public static class GaleraCounters
{
    public static async Task<long> FlowControlSentAsync(SqlLogin login, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(login);
        long total = 0;
        foreach (var endpoint in login.Endpoints)
        {
            await using var connection = new MySqlConnection(SqlConnections.ConnectionString(login, endpoint));
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = new MySqlCommand("SHOW GLOBAL STATUS LIKE 'wsrep_flow_control_sent'", connection);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                total += long.Parse(reader.GetString(1), CultureInfo.InvariantCulture);
            }
        }

        return total;
    }
}
