using System.Diagnostics;
using MySqlConnector;
using Meridian.Runtime.Checks;
using Meridian.Runtime.Sql;

namespace Meridian.Runtime.Bench;

/// <summary>
/// Writers in every region at once, each an autocommit <c>UPDATE … SET v = v + 1</c> on one row. On <c>hot</c> rows
/// every writer picks from the same <see cref="HotRows"/> rows; on <c>disjoint</c> rows each writer owns its own rows.
/// Galera certifies a write-set against every other write-set ordered before it but not yet seen by its writer; when two
/// regions update the same row within one commit floor, one of them fails certification and gets error 1213
/// (ER_LOCK_DEADLOCK). https://galeracluster.com/library/training/tutorials/galera-multi-master.html and
/// https://mariadb.com/kb/en/mariadb-error-codes/ (1213).
/// </summary>
public sealed class MultiWriterWorkload(SqlLogin login, int writersPerRegion)
{
    public const string Table = "meridian_bench_rows";
    public const string Hot = "hot";
    public const string Disjoint = "disjoint";
    public const int HotRows = 8;
    public const int RowsPerWriter = 64;

    private const int DeadlockError = 1213;

    private int RowCount => Math.Max(HotRows, login.Endpoints.Count * writersPerRegion * RowsPerWriter);

    /// <summary>Creates the table and its rows through the first endpoint (one multi-row INSERT: one commit).</summary>
    public async Task PrepareAsync(CancellationToken cancellationToken)
    {
        await using var connection = new MySqlConnection(SqlConnections.ConnectionString(login, login.Endpoints[0]));
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        var values = string.Join(",", Enumerable.Range(1, RowCount).Select(id => $"({id},0)"));
        foreach (var sql in new[]
        {
            $"CREATE TABLE IF NOT EXISTS {Table} (id INT PRIMARY KEY, v BIGINT NOT NULL) ENGINE=InnoDB",
            $"INSERT IGNORE INTO {Table} (id, v) VALUES {values}",
        })
        {
            await using var command = new MySqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<MultiWriterOutcome> RunAsync(string rows, TimeSpan duration, CancellationToken cancellationToken)
    {
        if (rows is not (Hot or Disjoint))
        {
            throw new ArgumentException($"rows must be '{Hot}' or '{Disjoint}'", nameof(rows));
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var started = Stopwatch.GetTimestamp();
        deadline.CancelAfter(duration);
        var writers = new List<Task<(long Commits, long Conflicts, long Others)>>();
        for (var region = 0; region < login.Endpoints.Count; region++)
        {
            for (var writer = 0; writer < writersPerRegion; writer++)
            {
                var endpoint = login.Endpoints[region];
                var firstOwnRow = ((region * writersPerRegion) + writer) * RowsPerWriter + 1;
                Func<Random, int> pick = rows == Hot ? r => r.Next(1, HotRows + 1) : r => firstOwnRow + r.Next(RowsPerWriter);
                writers.Add(Task.Run(() => WriteAsync(endpoint, pick, deadline.Token), CancellationToken.None));
            }
        }

        var totals = await Task.WhenAll(writers).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        return new MultiWriterOutcome(
            rows,
            writersPerRegion,
            login.Endpoints.Count,
            Stopwatch.GetElapsedTime(started),
            totals.Sum(t => t.Commits),
            totals.Sum(t => t.Conflicts),
            totals.Sum(t => t.Others));
    }

    private async Task<(long Commits, long Conflicts, long Others)> WriteAsync(SqlEndpoint endpoint, Func<Random, int> pick, CancellationToken stop)
    {
        long commits = 0, conflicts = 0, others = 0;
        var random = new Random(HashCode.Combine(endpoint.Port, Environment.CurrentManagedThreadId, Stopwatch.GetTimestamp()));
        while (!stop.IsCancellationRequested)
        {
            MySqlConnection? connection = null;
            try
            {
                connection = new MySqlConnection(SqlConnections.ConnectionString(login, endpoint));
                await connection.OpenAsync(stop).ConfigureAwait(false);
                await using var update = new MySqlCommand($"UPDATE {Table} SET v = v + 1 WHERE id = @id", connection);
                var id = update.Parameters.Add("@id", MySqlDbType.Int32);
                while (!stop.IsCancellationRequested)
                {
                    id.Value = pick(random);
                    try
                    {
                        // Not cancelled by the deadline: a commit in flight finishes, so its outcome is known and counted.
                        await update.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
                        commits++;
                    }
                    catch (MySqlException ex) when (ex.Number == DeadlockError)
                    {
                        conflicts++;
                    }
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (ex is MySqlException or IOException or System.Net.Sockets.SocketException or InvalidOperationException)
            {
                // Anything but a certification conflict: count it, reconnect after a pause.
                others++;
                await Task.Delay(TimeSpan.FromMilliseconds(200), CancellationToken.None).ConfigureAwait(false);
            }
            finally
            {
                if (connection is not null)
                {
                    await connection.DisposeAsync().ConfigureAwait(false);
                }
            }
        }

        return (commits, conflicts, others);
    }
}
