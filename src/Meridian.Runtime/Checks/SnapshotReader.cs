using System.Collections.Immutable;
using Meridian.Core.Checks;
using MySqlConnector;
using Meridian.Runtime.Sql;

namespace Meridian.Runtime.Checks;

/// <summary>
/// Reads the checker's tables back through one endpoint, in one consistent-snapshot transaction, with causal reads:
/// Galera applies write-sets on other nodes asynchronously, so without wsrep_sync_wait a read could miss a commit that was
/// acknowledged elsewhere and report it lost. https://mariadb.com/kb/en/galera-cluster-system-variables/#wsrep_sync_wait
/// </summary>
public static class SnapshotReader
{
    public static async Task<CheckSnapshot> ReadAsync(SqlLogin login, SqlEndpoint endpoint, CancellationToken cancellationToken)
    {
        await using var connection = new MySqlConnection(SqlConnections.ConnectionString(login, endpoint));
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (var causal = new MySqlCommand("SET SESSION wsrep_sync_wait = 1", connection))
        {
            await causal.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken).ConfigureAwait(false);
        var balances = ImmutableSortedDictionary.CreateBuilder<int, long>();
        await using (var read = new MySqlCommand($"SELECT id, balance FROM {BankSchema.Accounts}", connection, transaction))
        await using (var reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                balances[reader.GetInt32(0)] = reader.GetInt64(1);
            }
        }

        var appends = ImmutableArray.CreateBuilder<string>();
        await using (var read = new MySqlCommand($"SELECT token FROM {BankSchema.Appends}", connection, transaction))
        await using (var reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                appends.Add(reader.GetString(0));
            }
        }

        var transfers = ImmutableArray.CreateBuilder<TransferRow>();
        await using (var read = new MySqlCommand($"SELECT token, from_account, to_account, amount FROM {BankSchema.Transfers}", connection, transaction))
        await using (var reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                transfers.Add(new TransferRow(reader.GetString(0), reader.GetInt32(1), reader.GetInt32(2), reader.GetInt64(3)));
            }
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new CheckSnapshot($"{endpoint.Region} ({endpoint.Host}:{endpoint.Port})", balances.ToImmutable(), appends.ToImmutable(), transfers.ToImmutable());
    }
}
