using System.Diagnostics;
using System.Globalization;
using Meridian.Integration.Tests.Fabric;
using Meridian.Integration.Tests.Lab;
using Meridian.Runtime.Fabric;
using Meridian.Runtime.Lab;
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
    private const int Port = LabEndpointPorts.FullCrashRecovery;
    private static readonly TimeSpan RecoveryTimeout = TimeSpan.FromSeconds(120);
    private static readonly string[] Nodes = ["a-db1", "b-db1", "c-db1"];
    private readonly string cluster = "r" + Guid.NewGuid().ToString("N")[..5];
    private readonly string stateRoot = Path.Combine("/tmp", "mr-" + Guid.NewGuid().ToString("N")[..6]);

    [Fact]
    public async Task Given_committed_rows_When_every_mariadbd_is_killed_Then_the_agents_recover_without_losing_a_row()
    {
        RootRequirement.Ensure();
        var spec = WriteSpec();
        try
        {
            await UpAsync(spec);
            var login = await CredentialsAsync(spec);
            Assert.Equal([Port, Port + 1, Port + 2], login.Ports.AsEnumerable());
            await WaitAllSyncedAsync(spec, TimeSpan.FromSeconds(90));

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

            List<ProcessIdentity> victims = [.. Nodes.Select(MariadbdOf)];
            var clock = Stopwatch.StartNew();
            foreach (var victim in victims)
            {
                Assert.True(Signals.Send(victim, Signals.SigKill));
            }

            await WaitAllSyncedAsync(spec, RecoveryTimeout, victims);
            var seconds = clock.Elapsed.TotalSeconds;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"RECOVERY crash → 3/3 Synced Primary: {seconds:0.0} s"));
            Assert.All(Nodes, n => Assert.DoesNotContain(MariadbdOf(n), victims));

            for (var region = 0; region < 3; region++)
            {
                Assert.Equal(Rows.ToString(CultureInfo.InvariantCulture), await LabSql.CausalScalarAsync(login.ConnectionString(region), "SELECT COUNT(*) FROM acked", LabSql.EndpointCatchUp));
            }

            var recover = await Meridian("recover", spec, "--format", "json");
            Assert.Equal(0, recover.ExitCode);
            Assert.Contains("\"epoch\"", recover.StandardOutput, StringComparison.Ordinal);

            // One host gone: c's agent frozen (SIGSTOP: its lease and facts expire, the supervisor sees it alive and
            // does not replace it) and every mariadbd killed. a and b must not bootstrap without c, and say why.
            await LabSql.ExecuteAsync(login.ConnectionString(0), "INSERT INTO acked VALUES (1000, 'a')", LabSql.EndpointCatchUp);

            // Epoch 1 is never replaced while younger than the attempt timeout (30 s): start after it has aged.
            await Task.Delay(TimeSpan.FromSeconds(31));
            var state = new LabStateStore(Path.Combine(stateRoot, cluster, "state.json"));
            var frozen = state.Load()!.Processes.Single(p => p.Name == "agent" && p.Host == "c-db1").Identity;
            Assert.True(Signals.Send(frozen, Signals.SigStop));
            try
            {
                victims = [.. Nodes.Select(MariadbdOf)];
                foreach (var victim in victims)
                {
                    Assert.True(Signals.Send(victim, Signals.SigKill));
                }

                // Polled, not slept: on a loaded machine the agents' --wsrep-recover runs take longer than here.
                await WaitForRecoveryWaitingAsync(spec, TimeSpan.FromSeconds(90));
                // They have decided to wait; they must keep waiting while c-db1 is away.
                for (var check = 0; check < 5; check++)
                {
                    Assert.All(Nodes.Take(2), n => Assert.False(IsAlive(n), $"{n} started without c-db1"));
                    await Task.Delay(1000);
                }

                var status = await Meridian("status", spec);
                Assert.Contains("recovery-waiting", status.StandardOutput, StringComparison.Ordinal);
            }
            finally
            {
                Signals.Send(frozen, Signals.SigCont);
            }

            clock.Restart();
            await WaitAllSyncedAsync(spec, RecoveryTimeout, victims);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"RECOVERY after the missing host came back → 3/3 Synced: {clock.Elapsed.TotalSeconds:0.0} s"));
            Assert.Equal((Rows + 1).ToString(CultureInfo.InvariantCulture), await LabSql.CausalScalarAsync(login.ConnectionString(2), "SELECT COUNT(*) FROM acked", LabSql.EndpointCatchUp));
        }
        finally
        {
            foreach (var node in Nodes)
            {
                var agentLog = Path.Combine(stateRoot, cluster, "hosts", node, "log", "agent.log");
                if (File.Exists(agentLog))
                {
                    output.WriteLine($"--- {node} agent.log (recovery lines)");
                    output.WriteLine(string.Join('\n', File.ReadAllLines(agentLog).Where(l => l.Contains("recover", StringComparison.OrdinalIgnoreCase) || l.Contains("started mariadbd", StringComparison.Ordinal)).TakeLast(12)));
                }
            }

            await Meridian("down", spec);
            await LocalFabric.DeleteLeftoverNamespacesAsync(ProcessCommandRunner.Instance, cluster);
            Directory.Delete(stateRoot, recursive: true);
        }
    }

    private async Task UpAsync(string spec)
    {
        await LabEndpointPorts.WaitUntilFreeAsync(Port, 3, output);
        Assert.Equal(0, (await Meridian("up", spec)).ExitCode);
    }

    private string WriteSpec()
    {
        Directory.CreateDirectory(stateRoot);
        var path = Path.Combine(stateRoot, "spec.yaml");
        File.WriteAllText(path, $"""
            cluster: {cluster}
            regions:
              - name: a
                cidr: 192.168.87.0/24
              - name: b
                cidr: 192.168.88.0/24
              - name: c
                cidr: 192.168.89.0/24
            wan:
              rtt:
                a~b: 30ms
                a~c: 60ms
                b~c: 90ms
            database:
              name: shop
              user: shopper
            endpoints:
              port: {Port}
            """);
        return path;
    }

    /// <summary>Also waits for <paramref name="restarted"/>: right after a kill, the reports are up to a second old and still say Synced.</summary>
    private async Task WaitAllSyncedAsync(string spec, TimeSpan timeout, IReadOnlyList<ProcessIdentity>? restarted = null)
    {
        using var synced = await Cli.UntilJsonAsync(
            root =>
            {
                var nodes = root.GetProperty("galera").EnumerateArray().ToList();
                return (restarted is null || Nodes.All(n => IsAlive(n) && !restarted.Contains(MariadbdOf(n))))
                    && nodes.Count == 3 && nodes.All(n => n.GetProperty("ready").GetBoolean() && n.GetProperty("clusterSize").GetInt32() == 3 && n.GetProperty("clusterStatus").GetString() == "Primary");
            },
            timeout,
            TimeSpan.FromMilliseconds(250),
            "not 3/3 Synced",
            "status", spec, "--format", "json");
    }

    /// <summary>
    /// Until `recover` judges WaitForMoreInformation for lack of c-db1 and the agents of a-db1 and b-db1 both say
    /// recovery-waiting (docs/recovery.md): each agent first waits <c>RejoinPatience</c>, then runs --wsrep-recover.
    /// </summary>
    private async Task WaitForRecoveryWaitingAsync(string spec, TimeSpan timeout)
    {
        using var waiting = await Cli.UntilJsonAsync(
            root =>
            {
                var decision = root.GetProperty("decision");
                var agents = root.GetProperty("nodes").EnumerateArray()
                    .ToDictionary(n => n.GetProperty("node").GetString()!, n => n.TryGetProperty("agent", out var a) ? a.GetString() : null, StringComparer.Ordinal);
                return decision.GetProperty("kind").GetString() == "WaitForMoreInformation"
                    && decision.GetProperty("detail").GetString()!.Contains("c-db1", StringComparison.Ordinal)
                    && Nodes.Take(2).All(n => agents.GetValueOrDefault(n) == "recovery-waiting");
            },
            timeout,
            TimeSpan.FromSeconds(1),
            "a-db1 and b-db1 not recovery-waiting for c-db1",
            "recover", spec, "--format", "json");
    }

    private async Task<LabLogin> CredentialsAsync(string spec)
    {
        var result = await Meridian("credentials", spec, "--format", "json");
        Assert.Equal(0, result.ExitCode);
        return LabLogin.Parse(result.StandardOutput);
    }

    /// <summary>
    /// A serving mariadbd: the pid-file's process, unless it is the agent's short `mariadbd --wsrep-recover` run, which
    /// writes the same pid-file (https://mariadb.com/kb/en/mariadbd-options/#-wsrep-recover).
    /// </summary>
    private bool IsAlive(string node)
    {
        var pidFile = Path.Combine(stateRoot, cluster, "hosts", node, "run", "mariadbd.pid");
        if (!File.Exists(pidFile) || !int.TryParse(File.ReadAllText(pidFile).Trim(), CultureInfo.InvariantCulture, out var pid) || ProcessIdentity.TryRead(pid) is null)
        {
            return false;
        }

        try
        {
            return !File.ReadAllText($"/proc/{pid}/cmdline").Contains("--wsrep-recover", StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false; // It exited between the two reads.
        }
    }

    private ProcessIdentity MariadbdOf(string node)
    {
        var pid = int.Parse(File.ReadAllText(Path.Combine(stateRoot, cluster, "hosts", node, "run", "mariadbd.pid")).Trim(), CultureInfo.InvariantCulture);
        return ProcessIdentity.TryRead(pid) ?? throw new InvalidOperationException($"mariadbd {pid} of {node} is not running");
    }

    private MeridianBinary Cli => new(stateRoot, output);

    private Task<CommandResult> Meridian(params string[] args) => Cli.RunAsync(args);
}
