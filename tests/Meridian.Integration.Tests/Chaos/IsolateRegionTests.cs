using System.Diagnostics;
using Meridian.Integration.Tests.Lab;
using Meridian.Runtime.Processes;
using MySqlConnector;
using Xunit.Abstractions;

namespace Meridian.Integration.Tests.Chaos;

/// <summary>
/// `meridian chaos isolate-region` against a real lab: the isolated node leaves the Primary component and refuses writes
/// with 1047, its region's endpoint stops serving writes, the other two regions keep a Primary and accept writes; after the
/// rejoin the node is Synced again by IST, not SST ("Prepared IST receiver for 0-…" would mean a full SST: docs/lab-notes.md#sst-or-ist).
/// </summary>
public sealed class IsolateRegionTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Isolation = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Given_a_synced_lab_When_region_c_is_isolated_Then_c_refuses_writes_a_and_b_accept_them_and_c_rejoins_by_IST()
    {
        await using var lab = new ChaosLab(output, "i", LabEndpointPorts.IsolateRegion);
        await lab.UpAsync();
        var login = await lab.CredentialsAsync();
        await LabSql.ExecuteAsync(Endpoint(login, 0), "CREATE TABLE probe (id INT PRIMARY KEY, note VARCHAR(40)) ENGINE=InnoDB");
        await LabSql.ExecuteAsync(Endpoint(login, 0), "INSERT INTO probe VALUES (0, 'before')");
        var errorLog = Path.Combine(lab.HostDirectory("c-db1"), "log", "error.log");
        var logOffset = new FileInfo(errorLog).Length;

        // When: isolate c for 30 s (the chaos command rejoins it itself, also if this test fails).
        var isolated = Stopwatch.StartNew();
        var chaos = lab.RunAsync("chaos", "isolate-region", lab.Spec, "--target", "c", "--duration", $"{Isolation.TotalSeconds:F0}s");

        // Then: a and b accept writes again within 20 s (one commit stalls for about evs.suspect_timeout).
        var resumed = await FirstSuccessAsync(Endpoint(login, 1), "INSERT INTO probe VALUES (1, 'during, via b')", TimeSpan.FromSeconds(20));
        output.WriteLine($"writes through b resumed {resumed.TotalSeconds:F1} s after the isolation began");
        await LabSql.ExecuteAsync(Endpoint(login, 0), "INSERT INTO probe VALUES (2, 'during, via a')");

        // c's node is non-Primary and refuses a write with 1047 (ER_UNKNOWN_COM_ERROR: WSREP has not yet prepared node).
        // Asked over its unix socket as root (unix_socket authentication, as the agent does), not through HAProxy.
        var socket = Path.Combine(lab.HostDirectory("c-db1"), "run", "mysqld.sock");
        Assert.NotEqual("Primary", await WaitForStatusAsync(socket, s => s != "Primary", TimeSpan.FromSeconds(20)));
        var refused = await SocketSqlAsync(socket, $"INSERT INTO {login.Database}.probe VALUES (3, 'on isolated c')");
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("ERROR 1047", refused.StandardError, StringComparison.Ordinal);

        // c's endpoint does not commit a write: its HAProxy has no healthy node it can reach.
        await Assert.ThrowsAsync<MySqlException>(() => LabSql.ExecuteAsync(Endpoint(login, 2), "INSERT INTO probe VALUES (4, 'via isolated c endpoint')"));
        var nodes = await lab.NodesAsync();
        Assert.True(nodes["a-db1"].Status == "Primary" && nodes["b-db1"].Status == "Primary", string.Join(", ", nodes));
        Assert.True(isolated.Elapsed < Isolation, "the checks outlasted the isolation; lengthen it");

        // Rejoin: the chaos command ends after the duration, c is Synced again, by IST.
        Assert.Equal(0, (await chaos).ExitCode);
        await lab.WaitAllSyncedAsync();
        var rejoinLog = ReadFrom(errorLog, logOffset);
        output.WriteLine(string.Join('\n', rejoinLog.Split('\n').Where(l => l.Contains("IST", StringComparison.Ordinal) || l.Contains("SST", StringComparison.Ordinal))));
        Assert.DoesNotContain("Prepared IST receiver for 0-", rejoinLog, StringComparison.Ordinal);
        Assert.Equal("during, via a", await LabSql.CausalScalarAsync(Endpoint(login, 2), "SELECT note FROM probe WHERE id = 2", LabSql.EndpointCatchUp));
        Assert.Null(await LabSql.CausalScalarAsync(Endpoint(login, 2), "SELECT note FROM probe WHERE id = 4", LabSql.EndpointCatchUp));
    }

    private static async Task<TimeSpan> FirstSuccessAsync(string connectionString, string sql, TimeSpan timeout)
    {
        var started = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                await LabSql.ExecuteAsync(connectionString, sql);
                return started.Elapsed;
            }
            catch (MySqlException) when (started.Elapsed < timeout)
            {
                // Unknown outcome; the retry uses the same primary key, so a first attempt that did commit shows up as 1062.
                await Task.Delay(200);
            }
        }
    }

    private static async Task<string> WaitForStatusAsync(string socket, Func<string, bool> done, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var result = await SocketSqlAsync(socket, "SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME = 'WSREP_CLUSTER_STATUS'");
            var status = result.StandardOutput.Trim();
            if ((result.ExitCode == 0 && done(status)) || DateTime.UtcNow > deadline)
            {
                return status;
            }

            await Task.Delay(250);
        }
    }

    private static Task<CommandResult> SocketSqlAsync(string socket, string sql) =>
        ProcessCommandRunner.Instance.RunAsync(CommandRequest.Of("mariadb", "--no-defaults", $"--socket={socket}", "--user=root", "-N", "-B", "-e", sql).AllowingFailure().WithTimeout(TimeSpan.FromSeconds(15)));

    private static string Endpoint(LabLogin login, int region) => login.ConnectionString(region, connectTimeoutSeconds: 5, commandTimeoutSeconds: 10);

    private static string ReadFrom(string path, long offset)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        stream.Seek(offset, SeekOrigin.Begin);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
