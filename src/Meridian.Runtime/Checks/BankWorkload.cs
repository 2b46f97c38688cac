using System.Globalization;
using MySqlConnector;
using Meridian.Runtime.Sql;

namespace Meridian.Runtime.Checks;

/// <summary>
/// The checker's clients. Transfers move money between two accounts in one transaction that locks both rows with
/// SELECT … FOR UPDATE in ascending id order (a deterministic order, so two transfers never wait on each other in a
/// cycle on one node) and writes a ledger row with a unique token; Jepsen (2026) showed that without FOR UPDATE,
/// read-modify-write on Galera loses updates even with no faults. Appends insert a unique token. A write is
/// acknowledged only when COMMIT (or the autocommit INSERT) returns OK; any error makes its outcome unknown.
/// </summary>
public sealed class BankWorkload(SqlLogin login, CheckOptions options, CheckRecorder recorder)
{
    private static readonly TimeSpan ReconnectPause = TimeSpan.FromMilliseconds(250);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.Duration);
        var clients = new List<Task>();
        foreach (var endpoint in login.Endpoints)
        {
            for (var i = 0; i < options.TransferWorkers; i++)
            {
                var worker = $"{endpoint.Region}-t{i}";
                clients.Add(Task.Run(() => LoopAsync(endpoint, worker, TransferAsync, deadline.Token), CancellationToken.None));
            }

            for (var i = 0; i < options.AppendWorkers; i++)
            {
                var worker = $"{endpoint.Region}-a{i}";
                clients.Add(Task.Run(() => LoopAsync(endpoint, worker, AppendAsync, deadline.Token), CancellationToken.None));
            }
        }

        await Task.WhenAll(clients).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
    }

    private async Task LoopAsync(SqlEndpoint endpoint, string worker, Func<MySqlConnection, string, Random, CancellationToken, Task> operation, CancellationToken stop)
    {
        var random = new Random(HashCode.Combine(worker));
        MySqlConnection? connection = null;
        try
        {
            for (var seq = 0; seq < options.MaxOperationsPerWorker && !stop.IsCancellationRequested; seq++)
            {
                if (connection is null)
                {
                    connection = new MySqlConnection(SqlConnections.ConnectionString(login, endpoint));
                    try
                    {
                        // Not cancelled by stop: a connection attempt is bounded by ConnectionTimeout anyway.
                        await connection.OpenAsync(CancellationToken.None).ConfigureAwait(false);
                    }
                    catch (Exception ex) when (SqlErrors.IsWriteFailure(ex))
                    {
                        recorder.Error(SqlErrors.Kind(ex) + "-on-connect");
                        await DisposeQuietlyAsync(connection).ConfigureAwait(false);
                        connection = null;
                        await PauseAsync(stop).ConfigureAwait(false);
                        continue;
                    }
                }

                var token = string.Create(CultureInfo.InvariantCulture, $"{worker}-{seq}");
                try
                {
                    // Statements are never cancelled midway: cancelling would turn an acknowledged write into an unknown one.
                    await operation(connection, token, random, CancellationToken.None).ConfigureAwait(false);
                }
                catch (Exception ex) when (SqlErrors.IsWriteFailure(ex))
                {
                    await DisposeQuietlyAsync(connection).ConfigureAwait(false);
                    connection = null;
                    await PauseAsync(stop).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            if (connection is not null)
            {
                await DisposeQuietlyAsync(connection).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Closing a connection whose server was just killed can throw inside MySqlConnector (a NullReferenceException from
    /// CloseDatabaseAsync was seen here after kill-node); the session is gone either way, so the workload goes on.
    /// </summary>
    private static async Task DisposeQuietlyAsync(MySqlConnection connection)
    {
        try
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is NullReferenceException or MySqlException or IOException or InvalidOperationException or ObjectDisposedException)
        {
            // Nothing to release: the server side of this session no longer exists.
        }
    }

    private async Task TransferAsync(MySqlConnection connection, string token, Random random, CancellationToken cancellationToken)
    {
        var a = random.Next(1, options.Accounts + 1);
        var b = random.Next(1, options.Accounts);
        b = b >= a ? b + 1 : b;
        var amount = random.Next(1, 20);
        try
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            foreach (var account in new[] { Math.Min(a, b), Math.Max(a, b) })
            {
                await using var lockRow = new MySqlCommand($"SELECT balance FROM {BankSchema.Accounts} WHERE id = @id FOR UPDATE", connection, transaction);
                lockRow.Parameters.AddWithValue("@id", account);
                await lockRow.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            }

            // Two round trips, never one multi-statement batch: when Galera aborts a transaction (a conflicting
            // replicated write wins, "BF abort") during the UPDATE of a batch, the rest of the batch can run on in
            // autocommit, committing a ledger row without its balance change. The 10-minute campaign of 2026-12-05
            // found four accounts off in +x/-x pairs that way (docs/operations.md, "Fault campaign"); errors
            // swallowed mid-batch after a BF abort: https://github.com/mariadb-corporation/mysql-wsrep/issues/191
            await using var move = new MySqlCommand(
                $"UPDATE {BankSchema.Accounts} SET balance = balance + CASE id WHEN @from THEN -@amount ELSE @amount END WHERE id IN (@from, @to)",
                connection,
                transaction);
            move.Parameters.AddWithValue("@from", a);
            move.Parameters.AddWithValue("@to", b);
            move.Parameters.AddWithValue("@amount", amount);
            await move.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            await using var ledger = new MySqlCommand(
                $"INSERT INTO {BankSchema.Transfers} (token, from_account, to_account, amount) VALUES (@token, @from, @to, @amount)",
                connection,
                transaction);
            ledger.Parameters.AddWithValue("@token", token);
            ledger.Parameters.AddWithValue("@from", a);
            ledger.Parameters.AddWithValue("@to", b);
            ledger.Parameters.AddWithValue("@amount", amount);
            await ledger.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (SqlErrors.IsWriteFailure(ex))
        {
            recorder.TransferUnknown(token, SqlErrors.Kind(ex));
            throw;
        }

        recorder.TransferAcknowledged(token);
    }

    private async Task AppendAsync(MySqlConnection connection, string token, Random random, CancellationToken cancellationToken)
    {
        try
        {
            await using var insert = new MySqlCommand($"INSERT INTO {BankSchema.Appends} (token, region) VALUES (@token, @region)", connection);
            insert.Parameters.AddWithValue("@token", token);
            insert.Parameters.AddWithValue("@region", token[..token.LastIndexOf('-', token.LastIndexOf('-') - 1)]);
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (SqlErrors.IsWriteFailure(ex))
        {
            recorder.AppendUnknown(token, SqlErrors.Kind(ex));
            throw;
        }

        recorder.AppendAcknowledged(token);
    }

    private static async Task PauseAsync(CancellationToken stop)
    {
        try
        {
            await Task.Delay(ReconnectPause, stop).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The run is over; the loop condition ends it.
        }
    }
}
