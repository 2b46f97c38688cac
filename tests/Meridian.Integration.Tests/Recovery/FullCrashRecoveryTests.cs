using System.Diagnostics;
using System.Globalization;
using Meridian.Integration.Tests.Chaos;
using Meridian.Integration.Tests.Lab;
using Meridian.Runtime.Processes;
using MySqlConnector;
using Xunit.Abstractions;

namespace Meridian.Integration.Tests.Recovery;

/// <summary>
/// Issue 5: kill -9 of every mariadbd at once. The agents recover by themselves through etcd (docs/recovery.md) and
/// every row acknowledged before the crash is still there, read causally (wsrep_sync_wait=1) in every region.
/// </summary>
public sealed class FullCrashRecoveryTests(ITestOutputHelper output)
{
    private const int Rows = 200;
    private static readonly TimeSpan RecoveryTimeout = TimeSpan.FromSeconds(120);
    private static readonly string[] Nodes = ["a-db1", "b-db1", "c-db1"];
    private static readonly string[] AAndB = ["a-db1", "b-db1"];

    [Fact]
    public async Task Given_committed_rows_When_every_mariadbd_is_killed_Then_the_agents_recover_without_losing_a_row()
    {
        await using var lab = new ChaosLab(output, "r", LabEndpointPorts.FullCrashRecovery);
        try
        {
            await lab.UpAsync();
            var login = await lab.CredentialsAsync();

            await LabSql.ExecuteAsync(login.ConnectionString(0), "CREATE TABLE acked (id INT PRIMARY KEY, region CHAR(1))", LabSql.EndpointCatchUp);
            // One connection per region, autocommit: each INSERT returns only once the cluster acknowledged it.
            var writers = new List<MySqlConnection>();
            try
            {
                for (var region = 0; region < 3; region++)
                {
                    writers.Add(await LabSql.OpenAsync(login.ConnectionString(region), LabSql.EndpointCatchUp));
                    // The table was created through region 0; other nodes apply that DDL asynchronously, so an INSERT
                    // through them must first wait for causality (7 = reads, updates/deletes and inserts).
                    // https://mariadb.com/kb/en/galera-cluster-system-variables/#wsrep_sync_wait
                    await using var causal = new MySqlCommand("SET SESSION wsrep_sync_wait = 7", writers[region]);
                    await causal.ExecuteNonQueryAsync();
                }

                for (var i = 1; i <= Rows; i++)
                {
                    await using var insert = new MySqlCommand(string.Create(CultureInfo.InvariantCulture, $"INSERT INTO acked VALUES ({i}, '{"abc"[i % 3]}')"), writers[i % 3]);
                    await insert.ExecuteNonQueryAsync();
                }
            }
            finally
            {
                foreach (var writer in writers)
                {
                    await writer.DisposeAsync();
                }
            }

            List<ProcessIdentity> victims = [.. Nodes.Select(lab.MariadbdOf)];
            var clock = Stopwatch.StartNew();
            foreach (var victim in victims)
            {
                Assert.True(Signals.Send(victim, Signals.SigKill));
            }

            await lab.WaitAllSyncedAsync(victims, RecoveryTimeout);
            var seconds = clock.Elapsed.TotalSeconds;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"RECOVERY crash → 3/3 Synced Primary: {seconds:0.0} s"));

            for (var region = 0; region < 3; region++)
            {
                Assert.Equal(Rows.ToString(CultureInfo.InvariantCulture), await LabSql.CausalScalarAsync(login.ConnectionString(region), "SELECT COUNT(*) FROM acked", LabSql.EndpointCatchUp));
            }

            var recover = await lab.RunAsync("recover", lab.Spec, "--format", "json");
            Assert.Equal(0, recover.ExitCode);
            Assert.Contains("\"epoch\"", recover.StandardOutput, StringComparison.Ordinal);

            // One host gone: c's agent frozen (SIGSTOP: its lease and facts expire, the supervisor sees it alive and
            // does not replace it) and every mariadbd killed. a and b must not bootstrap without c, and say why. The
            // epoch of the crash above is closed (it produced a Primary), so this incident needs no ageing first.
            await LabSql.ExecuteAsync(login.ConnectionString(0), "INSERT INTO acked VALUES (1000, 'a')", LabSql.EndpointCatchUp);
            var frozen = lab.AgentOf("c-db1");
            Assert.True(Signals.Send(frozen, Signals.SigStop));
            try
            {
                victims = [.. Nodes.Select(lab.MariadbdOf)];
                foreach (var victim in victims)
                {
                    Assert.True(Signals.Send(victim, Signals.SigKill));
                }

                // Polled, not slept: on a loaded machine the agents' --wsrep-recover runs take longer than here.
                await lab.WaitForRecoveryWaitingAsync("c-db1", AAndB, TimeSpan.FromSeconds(90));
                // They have decided to wait; they must keep waiting while c-db1 is away.
                for (var check = 0; check < 5; check++)
                {
                    Assert.All(AAndB, n => Assert.False(lab.IsServing(n), $"{n} started without c-db1"));
                    await Task.Delay(1000);
                }

                var status = await lab.RunAsync("status", lab.Spec);
                Assert.Contains("recovery-waiting", status.StandardOutput, StringComparison.Ordinal);
            }
            finally
            {
                Signals.Send(frozen, Signals.SigCont);
            }

            clock.Restart();
            await lab.WaitAllSyncedAsync(victims, RecoveryTimeout);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"RECOVERY after the missing host came back → 3/3 Synced: {clock.Elapsed.TotalSeconds:0.0} s"));
            Assert.Equal((Rows + 1).ToString(CultureInfo.InvariantCulture), await LabSql.CausalScalarAsync(login.ConnectionString(2), "SELECT COUNT(*) FROM acked", LabSql.EndpointCatchUp));
        }
        finally
        {
            foreach (var node in Nodes)
            {
                var agentLog = Path.Combine(lab.HostDirectory(node), "log", "agent.log");
                if (File.Exists(agentLog))
                {
                    output.WriteLine($"--- {node} agent.log (recovery lines)");
                    output.WriteLine(string.Join('\n', File.ReadAllLines(agentLog).Where(l => l.Contains("recover", StringComparison.OrdinalIgnoreCase) || l.Contains("started mariadbd", StringComparison.Ordinal)).TakeLast(12)));
                }
            }
        }
    }
}
