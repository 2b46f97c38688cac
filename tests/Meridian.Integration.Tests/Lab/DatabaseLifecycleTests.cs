using System.Globalization;
using Meridian.Integration.Tests.Fabric;
using Meridian.Runtime.Fabric;
using Meridian.Runtime.Lab;
using Meridian.Runtime.Processes;
using Xunit.Abstractions;

namespace Meridian.Integration.Tests.Lab;

/// <summary>
/// The real `meridian` binary builds the whole three-region database (issue 4): write through one region's endpoint,
/// read through another's; kill -9 a mariadbd (its agent restarts it, IST not SST); kill -9 an agent (the node keeps
/// serving, a new agent adopts it); a second `up` changes nothing; `down` leaves nothing.
/// </summary>
public sealed class DatabaseLifecycleTests(ITestOutputHelper output)
{
    private const int Port = LabEndpointPorts.DatabaseLifecycle;
    private static readonly TimeSpan SyncTimeout = TimeSpan.FromSeconds(90);
    private static readonly string[] Nodes = ["a-db1", "b-db1", "c-db1"];
    private readonly string cluster = "d" + Guid.NewGuid().ToString("N")[..5];
    private readonly string stateRoot = Path.Combine("/tmp", "md-" + Guid.NewGuid().ToString("N")[..6]);

    [Fact]
    public async Task Given_up_When_writing_killing_and_re_running_Then_data_replicates_nodes_recover_and_down_leaves_nothing()
    {
        RootRequirement.Ensure();
        var spec = WriteSpec();
        try
        {
            await LabEndpointPorts.WaitUntilFreeAsync(Port, 3, output);
            var up = await Meridian("up", spec);
            Assert.Equal(0, up.ExitCode);
            Assert.Contains($"-h 127.0.0.1 -P {Port + 2}", up.StandardOutput, StringComparison.Ordinal);
            var credentials = await CredentialsAsync(spec);
            Assert.Equal([Port, Port + 1, Port + 2], credentials.Ports.AsEnumerable());
            await AssertAllSyncedAsync(spec);

            // Write in the first region, read it back in the third.
            await LabSql.ExecuteAsync(credentials.ConnectionString(0), "CREATE TABLE IF NOT EXISTS probe (id INT PRIMARY KEY, note VARCHAR(40))");
            await LabSql.ExecuteAsync(credentials.ConnectionString(0), "INSERT INTO probe VALUES (1, 'written in a')");
            Assert.Equal("written in a", await LabSql.CausalScalarAsync(credentials.ConnectionString(2), "SELECT note FROM probe WHERE id = 1", LabSql.EndpointCatchUp));

            // kill -9 one mariadbd: its agent restarts it and it rejoins by IST.
            var node = "b-db1";
            var errorLog = Path.Combine(stateRoot, cluster, "hosts", node, "log", "error.log");
            var logOffset = new FileInfo(errorLog).Length;
            var mariadbd = MariadbdOf(node);
            Assert.True(Signals.Send(mariadbd, Signals.SigKill));
            await LabSql.ExecuteAsync(credentials.ConnectionString(0), "INSERT INTO probe VALUES (2, 'while b was down')");
            await AssertAllSyncedAsync(spec);
            Assert.NotEqual(mariadbd, MariadbdOf(node));
            var restartLog = ReadFrom(errorLog, logOffset);
            output.WriteLine(restartLog.Split('\n').Where(l => l.Contains("IST", StringComparison.Ordinal) || l.Contains("SST", StringComparison.Ordinal)).Aggregate(string.Empty, (a, l) => a + l + "\n"));
            Assert.Contains("Prepared IST receiver for", restartLog, StringComparison.Ordinal);
            Assert.DoesNotContain("Prepared IST receiver for 0-", restartLog, StringComparison.Ordinal);
            Assert.Equal("while b was down", await LabSql.CausalScalarAsync(credentials.ConnectionString(1), "SELECT note FROM probe WHERE id = 2", LabSql.EndpointCatchUp));

            // kill -9 an agent: mariadbd keeps serving; the supervisor starts a new agent, which adopts it.
            var state = new LabStateStore(Path.Combine(stateRoot, cluster, "state.json"));
            var agent = state.Load()!.Processes.Single(p => p.Name == "agent" && p.Host == "c-db1").Identity;
            var servingMariadbd = MariadbdOf("c-db1");
            Assert.True(Signals.Send(agent, Signals.SigKill));
            Assert.Equal("written in a", await LabSql.CausalScalarAsync(credentials.ConnectionString(2), "SELECT note FROM probe WHERE id = 1", LabSql.EndpointCatchUp));
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            // Between the old agent's death and the new one's start the state file may list no agent for c-db1.
            while (state.Load()!.Processes.FirstOrDefault(p => p.Name == "agent" && p.Host == "c-db1")?.Identity is not { } current || current == agent)
            {
                Assert.True(DateTime.UtcNow < deadline, "no new agent for c-db1 within 30 s");
                await Task.Delay(200);
            }

            await AssertAllSyncedAsync(spec);
            Assert.Equal(servingMariadbd, MariadbdOf("c-db1"));

            // A second up on a healthy cluster changes nothing.
            var before = state.Load()!.Processes.Select(p => (p.Name, p.Host, p.Identity)).OrderBy(p => p.Host + p.Name, StringComparer.Ordinal).ToList();
            Assert.Equal(0, (await Meridian("up", spec)).ExitCode);
            var after = state.Load()!.Processes.Select(p => (p.Name, p.Host, p.Identity)).OrderBy(p => p.Host + p.Name, StringComparer.Ordinal).ToList();
            Assert.Equal(before, after);

            var recorded = state.Load()!;
            var mariadbds = Nodes.Select(MariadbdOf).ToList();
            Assert.Equal(0, (await Meridian("down", spec)).ExitCode);
            Assert.Empty(await LocalFabric.FindLeftoverNamespacesAsync(ProcessCommandRunner.Instance, cluster));
            Assert.All(recorded.Processes, p => Assert.False(p.Identity.IsAlive, $"{p.Name} on {p.Host} still runs"));
            Assert.All(mariadbds, m => Assert.False(m.IsAlive, $"mariadbd {m.Pid} still runs"));
            Assert.False(Directory.Exists(Path.Combine(stateRoot, cluster)));
        }
        finally
        {
            await Meridian("down", spec);
            await LocalFabric.DeleteLeftoverNamespacesAsync(ProcessCommandRunner.Instance, cluster);
            Directory.Delete(stateRoot, recursive: true);
        }
    }

    private string WriteSpec()
    {
        Directory.CreateDirectory(stateRoot);
        var path = Path.Combine(stateRoot, "spec.yaml");
        File.WriteAllText(path, $"""
            cluster: {cluster}
            regions:
              - name: a
                cidr: 192.168.61.0/24
              - name: b
                cidr: 192.168.62.0/24
              - name: c
                cidr: 192.168.63.0/24
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

    private async Task AssertAllSyncedAsync(string spec)
    {
        using var synced = await new MeridianBinary(stateRoot, output).UntilJsonAsync(
            root =>
            {
                var nodes = root.GetProperty("galera").EnumerateArray().ToList();
                var etcd = root.GetProperty("etcd").EnumerateArray().ToList();
                return nodes.Count == 3 && nodes.All(n => n.GetProperty("ready").GetBoolean() && n.GetProperty("clusterSize").GetInt32() == 3 && n.GetProperty("clusterStatus").GetString() == "Primary")
                    && etcd.Count(e => e.GetProperty("healthy").GetBoolean()) == 3 && etcd.Count(e => e.GetProperty("isLeader").GetBoolean()) == 1;
            },
            SyncTimeout,
            TimeSpan.FromSeconds(1),
            "not 3/3 Synced",
            "status", spec, "--format", "json");
        Assert.Equal([1, 2, 3], synced.RootElement.GetProperty("galera").EnumerateArray().Select(n => n.GetProperty("segment").GetInt32()).Order());
    }

    private async Task<LabLogin> CredentialsAsync(string spec)
    {
        var result = await Meridian("credentials", spec, "--format", "json");
        Assert.Equal(0, result.ExitCode);
        return LabLogin.Parse(result.StandardOutput);
    }

    private ProcessIdentity MariadbdOf(string node)
    {
        var pid = int.Parse(File.ReadAllText(Path.Combine(stateRoot, cluster, "hosts", node, "run", "mariadbd.pid")).Trim(), CultureInfo.InvariantCulture);
        return ProcessIdentity.TryRead(pid) ?? throw new InvalidOperationException($"mariadbd {pid} of {node} is not running");
    }

    private static string ReadFrom(string path, long offset)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        stream.Seek(offset, SeekOrigin.Begin);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private Task<CommandResult> Meridian(params string[] args) => new MeridianBinary(stateRoot, output).RunAsync(TimeSpan.FromSeconds(240), args);
}
