using Meridian.Integration.Tests.Chaos;
using Meridian.Integration.Tests.Lab;
using Meridian.Runtime.Processes;
using Xunit.Abstractions;

namespace Meridian.Integration.Tests.Recovery;

/// <summary>
/// Issue 10, "A node with an empty datadir joins as Synced with no data": after the first formation, a wiped datadir
/// must rejoin by a full (mariabackup, TLS) SST, hold every row afterwards, and answer 503 on its health endpoint for
/// the whole transfer, so that HAProxy never sends it a client.
/// </summary>
public sealed class WipedDataDirTests(ITestOutputHelper output)
{
    private const string Victim = "b-db1";
    private static readonly string[] Nodes = ["a-db1", "b-db1", "c-db1"];

    [Fact]
    public async Task Given_rows_in_the_cluster_When_a_nodes_datadir_is_wiped_Then_it_rejoins_by_SST_holding_every_row_and_serves_nothing_before()
    {
        await using var lab = new ChaosLab(output, "wp", LabEndpointPorts.WipedDataDir);
        await lab.UpAsync();
        var login = await lab.CredentialsAsync();
        await LabSql.ExecuteAsync(login.ConnectionString(0), "CREATE TABLE acked (id INT PRIMARY KEY)", LabSql.EndpointCatchUp);
        await LabSql.InsertIdsAsync(login.ConnectionString(0), "acked", 1, 300);

        // Stop the node for good: freeze its agent (the lab would restart a dead one at once), kill mariadbd, wipe.
        var agent = lab.AgentOf(Victim);
        Assert.True(Signals.Send(agent, Signals.SigStop));
        var mariadbd = lab.MariadbdOf(Victim);
        Assert.True(Signals.Send(mariadbd, Signals.SigKill));
        for (var i = 0; i < 100 && mariadbd.IsAlive; i++)
        {
            await Task.Delay(50);
        }

        var dataDir = Path.Combine(lab.HostDirectory(Victim), "data", "mysql");
        foreach (var entry in new DirectoryInfo(dataDir).EnumerateFileSystemInfos())
        {
            if (entry is DirectoryInfo directory)
            {
                directory.Delete(recursive: true);
            }
            else
            {
                entry.Delete();
            }
        }

        // The cluster moves on while the node is away: a pre-seeded join would now claim rows it does not have.
        await LabSql.InsertIdsAsync(login.ConnectionString(0), "acked", 301, 400);
        Assert.True(Signals.Send(agent, Signals.SigKill)); // The lab's watchdog starts a new agent on the empty datadir.

        var expected = (await lab.SocketQueryAsync("a-db1", "SELECT COUNT(*) FROM shop.acked"))!;
        Assert.Equal("400", expected);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(240);
        var sawUnavailable = false;
        while (true)
        {
            var health = await lab.HealthAsync(Victim);
            if (health.Contains(" 200 ", StringComparison.Ordinal))
            {
                // The first 200: by now the transfer must be complete and every row there.
                Assert.Equal(expected, await lab.SocketQueryAsync(Victim, "SELECT COUNT(*) FROM shop.acked"));
                break;
            }

            sawUnavailable |= health.Contains(" 503 ", StringComparison.Ordinal);
            Assert.True(DateTime.UtcNow < deadline, $"{Victim} did not become healthy within 240 s; last health answer: {health}");
            await Task.Delay(200);
        }

        Assert.True(sawUnavailable, "the health endpoint never answered 503 while the node rejoined");
        await lab.WaitAllSyncedAsync();

        var agentLog = await File.ReadAllTextAsync(Path.Combine(lab.HostDirectory(Victim), "log", "agent.log"));
        var afterWipe = agentLog[agentLog.LastIndexOf("initialising", StringComparison.Ordinal)..];
        output.WriteLine($"--- {Victim} agent.log after the wipe\n{afterWipe}");
        Assert.Contains("joining by full SST", afterWipe, StringComparison.Ordinal);
        Assert.DoesNotContain("pre-seeded", afterWipe, StringComparison.Ordinal);
        var errorLog = await File.ReadAllTextAsync(Path.Combine(lab.HostDirectory(Victim), "log", "error.log"));
        Assert.Contains("mariabackup", errorLog, StringComparison.Ordinal);

        // Every node holds the same rows: compare checksums, each read over the node's own socket.
        var checksums = new List<string>();
        foreach (var node in Nodes)
        {
            var checksum = await lab.SocketQueryAsync(node, "SET SESSION wsrep_sync_wait = 1; CHECKSUM TABLE shop.acked");
            output.WriteLine($"{node}: {checksum}");
            Assert.NotNull(checksum);
            checksums.Add(checksum!.Split('\t')[^1]);
        }

        Assert.Single(checksums.Distinct());
    }
}
