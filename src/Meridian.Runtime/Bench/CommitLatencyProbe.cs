using System.Diagnostics;
using Meridian.Runtime.Checks;
using MySqlConnector;
using Meridian.Runtime.Sql;

namespace Meridian.Runtime.Bench;

/// <summary>
/// Times single-client autocommit INSERTs through one region's endpoint, on one connection, one statement at a time:
/// each sample is one commit's full cost (client → endpoint → writer node → Galera certification → back).
/// </summary>
public static class CommitLatencyProbe
{
    public const string Table = "meridian_bench_commit";

    private const int WarmUpStatements = 5;

    /// <summary>Galera replicates only InnoDB tables with a primary key (https://mariadb.com/kb/en/mariadb-galera-cluster-known-limitations/).</summary>
    private const string CreateTable =
        "CREATE TABLE IF NOT EXISTS " + Table + " (" +
        "id BIGINT AUTO_INCREMENT PRIMARY KEY, " +
        "region VARCHAR(64) NOT NULL, " +
        "written_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), " +
        "payload VARBINARY(256) NOT NULL) ENGINE=InnoDB";

    /// <summary>Opens one session (a <see cref="MySqlException"/> there means the endpoint has no database behind it) and times <paramref name="count"/> INSERTs.</summary>
    public static async Task<IReadOnlyList<TimeSpan>> MeasureAsync(SqlLogin login, SqlEndpoint endpoint, int count, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(login);
        ArgumentNullException.ThrowIfNull(endpoint);
        await using var connection = new MySqlConnection(SqlConnections.ConnectionString(login, endpoint));
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);

        await using (var create = new MySqlCommand(CreateTable, connection))
        {
            await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await using var insert = new MySqlCommand($"INSERT INTO {Table} (region, payload) VALUES (@region, @payload)", connection);
        insert.Parameters.AddWithValue("@region", endpoint.Region);
        insert.Parameters.AddWithValue("@payload", new byte[100]);
        await insert.PrepareAsync(cancellationToken).ConfigureAwait(false);

        var samples = new List<TimeSpan>(count);
        for (var i = 0; i < WarmUpStatements + count; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            if (i >= WarmUpStatements)
            {
                samples.Add(Stopwatch.GetElapsedTime(started));
            }
        }

        return samples;
    }
}
