using System.Diagnostics;
using System.Text.Json;
using Meridian.Integration.Tests.Lab;
using Meridian.Runtime.Processes;
using MySqlConnector;
using Xunit.Abstractions;

namespace Meridian.Integration.Tests.Chaos;

/// <summary>
/// Two data regions with one node each and a third region with only garbd (the shape of
/// examples/two-regions-arbitrator.yaml, scaled down): 1 + 1 + garbd = 3 votes, so losing either data region leaves
/// 2 of 3 and a Primary on the other one. The lost region rejoins by IST. garbd runs under the lab supervisor: it is in
/// the state file, comes back after a kill -9, and shows in `status --format json` (docs/agent.md, "The arbitrator").
/// </summary>
public sealed class ArbitratorTests(ITestOutputHelper output)
{
    private const string Topology = """
        regions:
          - name: a
            cidr: 192.168.84.0/24
          - name: b
            cidr: 192.168.85.0/24
          - name: c
            cidr: 192.168.86.0/24
            nodes: 0
        wan:
          rtt:
            a~b: 30ms
            a~c: 12ms
            b~c: 25ms
        """;

    private const string Arbitrator = "c-arb";
    private static readonly TimeSpan Isolation = TimeSpan.FromSeconds(30);
    private static readonly string[] DataRegions = ["a", "b"];

    [Fact]
    public async Task Given_two_data_regions_and_garbd_When_either_data_region_is_isolated_Then_the_other_keeps_a_Primary_and_the_lost_one_rejoins_by_IST()
    {
        await using var lab = new ChaosLab(output, "arb", LabEndpointPorts.Arbitrator, Topology, dataNodes: 2, members: 3);
        await lab.UpAsync();

        // garbd is a member of the Primary (the nodes' size is 3 with 2 data nodes), the supervisor's child in the
        // state file, and joined over TLS with the cluster's certificates.
        var garbd = await ArbitratorAsync(lab, a => a.GetProperty("clusterSize").GetInt32() == 3, "garbd not Synced in a Primary of 3");
        Assert.Equal("Synced", garbd.GetProperty("state").GetString());
        Assert.Equal(RecordedGarbdPid(lab), garbd.GetProperty("pid").GetInt32());
        var garbdLog = File.ReadAllText(Path.Combine(lab.HostDirectory(Arbitrator), "log", "garbd.log"));
        Assert.Contains("listening at ssl://", garbdLog, StringComparison.Ordinal);

        var login = await lab.CredentialsAsync();
        await LabSql.ExecuteAsync(Endpoint(login, 0), "CREATE TABLE probe (id INT PRIMARY KEY, note VARCHAR(40)) ENGINE=InnoDB", LabSql.EndpointCatchUp);

        for (var i = 0; i < DataRegions.Length; i++)
        {
            // Each loss starts from a whole mesh: after the last rejoin, tunnels and Galera's direct links come back one
            // by one, and a survivor that reached garbd only through the lost region is left alone (ChaosLab).
            await lab.WaitWholeMeshAsync(TimeSpan.FromSeconds(90));
            await LoseAndRejoinAsync(lab, login, lost: i, survivor: 1 - i);
        }

        // kill -9 garbd: the supervisor's watchdog restarts it (new PID) and it rejoins the Primary.
        var killed = RecordedGarbdPid(lab);
        Assert.True(Signals.Send(ProcessIdentity.TryRead(killed)!, Signals.SigKill));
        var restarted = await ArbitratorAsync(lab, a => a.GetProperty("pid").GetInt32() != killed && a.GetProperty("clusterSize").GetInt32() == 3, "garbd not back after kill -9", TimeSpan.FromSeconds(90));
        Assert.Equal(RecordedGarbdPid(lab), restarted.GetProperty("pid").GetInt32());
        await lab.WaitAllSyncedAsync();

        // down stops it by its recorded PID.
        var last = ProcessIdentity.TryRead(RecordedGarbdPid(lab))!;
        Assert.Equal(0, (await lab.RunAsync("down", lab.Spec)).ExitCode);
        Assert.False(last.IsAlive);
    }

    private async Task LoseAndRejoinAsync(ChaosLab lab, LabLogin login, int lost, int survivor)
    {
        var lostRegion = DataRegions[lost];
        var lostNode = $"{lostRegion}-db1";
        var survivorNode = $"{DataRegions[survivor]}-db1";
        var errorLog = Path.Combine(lab.HostDirectory(lostNode), "log", "error.log");
        var logOffset = new FileInfo(errorLog).Length;
        var id = 10 * (lost + 1);

        // When: the data region is cut off for 30 s (the chaos command rejoins it itself, also if this test fails).
        var isolated = Stopwatch.StartNew();
        var chaos = lab.RunAsync("chaos", "isolate-region", lab.Spec, "--target", lostRegion, "--duration", $"{Isolation.TotalSeconds:F0}s");

        // Then: the survivor and garbd form the Primary (2 of 3 votes) once the lost node is suspected (evs.suspect_timeout),
        // the lost node is not in a Primary, and writes go through the surviving region's endpoint.
        Assert.Equal("2", await WaitForSocketStatusAsync(lab, survivorNode, "WSREP_CLUSTER_SIZE", s => s == "2", TimeSpan.FromSeconds(20)));
        // The partition first installs a non-Primary view of 2; the quorum computation then makes it Primary.
        Assert.Equal("Primary", await WaitForSocketStatusAsync(lab, survivorNode, "WSREP_CLUSTER_STATUS", s => s == "Primary", TimeSpan.FromSeconds(10)));
        Assert.Equal("2", await SocketStatusAsync(lab, survivorNode, "WSREP_CLUSTER_SIZE"));
        var resumed = await FirstSuccessAsync(Endpoint(login, survivor), $"INSERT INTO probe VALUES ({id}, 'while {lostRegion} was lost')", TimeSpan.FromSeconds(20));
        output.WriteLine($"{lostRegion} isolated: a Primary of 2 and a write through {DataRegions[survivor]} {isolated.Elapsed.TotalSeconds:F1} s after the cut (the write took {resumed.TotalSeconds:F1} s)");
        Assert.NotEqual("Primary", await WaitForSocketStatusAsync(lab, lostNode, "WSREP_CLUSTER_STATUS", s => s != "Primary", TimeSpan.FromSeconds(20)));
        await ArbitratorAsync(lab, a => a.GetProperty("clusterSize").GetInt32() == 2, $"garbd not in the Primary of 2 while {lostRegion} is lost");
        Assert.True(isolated.Elapsed < Isolation, "the checks outlasted the isolation; lengthen it");

        // Rejoin: the lost node is Synced again in the full component, by IST (the survivor's gcache held the writes).
        Assert.Equal(0, (await chaos).ExitCode);
        await lab.WaitAllSyncedAsync();
        var rejoinLog = ReadFrom(errorLog, logOffset);
        output.WriteLine(string.Join('\n', rejoinLog.Split('\n').Where(l => l.Contains("IST", StringComparison.Ordinal) || l.Contains("SST", StringComparison.Ordinal))));
        Assert.Contains("IST received", rejoinLog, StringComparison.Ordinal);
        Assert.DoesNotContain("Prepared IST receiver for 0-", rejoinLog, StringComparison.Ordinal);
        Assert.Equal($"while {lostRegion} was lost", await LabSql.CausalScalarAsync(Endpoint(login, lost), $"SELECT note FROM probe WHERE id = {id}", LabSql.EndpointCatchUp));
    }

    /// <summary>The arbitrator's entry in `status --format json` once it runs, is Primary and <paramref name="done"/> holds.</summary>
    private async Task<JsonElement> ArbitratorAsync(ChaosLab lab, Func<JsonElement, bool> done, string notYet, TimeSpan? timeout = null)
    {
        static JsonElement? Garbd(JsonElement root) =>
            root.GetProperty("arbitrators").EnumerateArray().Where(a => a.GetProperty("host").GetString() == Arbitrator).Cast<JsonElement?>().FirstOrDefault();

        using var document = await new MeridianBinary(lab.StateRoot, output).UntilJsonAsync(
            root => Garbd(root) is { } a && a.GetProperty("running").GetBoolean() && a.GetProperty("clusterStatus").GetString() == "Primary" && done(a),
            timeout ?? TimeSpan.FromSeconds(30),
            TimeSpan.FromSeconds(1),
            notYet,
            "status", lab.Spec, "--format", "json");
        return Garbd(document.RootElement)!.Value.Clone();
    }

    private static int RecordedGarbdPid(ChaosLab lab)
    {
        using var state = JsonDocument.Parse(File.ReadAllText(Path.Combine(lab.StateRoot, lab.Cluster, "state.json")));
        return state.RootElement.GetProperty("processes").EnumerateArray()
            .Single(p => p.GetProperty("name").GetString() == "garbd" && p.GetProperty("host").GetString() == Arbitrator)
            .GetProperty("identity").GetProperty("pid").GetInt32();
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
            catch (MySqlException ex) when (started.Elapsed < timeout && ex.ErrorCode != MySqlErrorCode.DuplicateKeyEntry)
            {
                // Unknown outcome; the retry uses the same primary key, so a first attempt that did commit shows up as 1062.
                await Task.Delay(200);
            }
            catch (MySqlException ex) when (ex.ErrorCode == MySqlErrorCode.DuplicateKeyEntry)
            {
                return started.Elapsed;
            }
        }
    }

    private static async Task<string> WaitForSocketStatusAsync(ChaosLab lab, string node, string variable, Func<string, bool> done, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var value = await SocketStatusAsync(lab, node, variable);
            if (done(value) || DateTime.UtcNow > deadline)
            {
                return value;
            }

            await Task.Delay(250);
        }
    }

    /// <summary>A wsrep status variable over the node's unix socket as root (unix_socket authentication, as the agent asks).</summary>
    private static async Task<string> SocketStatusAsync(ChaosLab lab, string node, string variable)
    {
        var socket = Path.Combine(lab.HostDirectory(node), "run", "mysqld.sock");
        var result = await ProcessCommandRunner.Instance.RunAsync(
            CommandRequest.Of("mariadb", "--no-defaults", $"--socket={socket}", "--user=root", "-N", "-B", "-e", $"SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME = '{variable}'")
                .AllowingFailure().WithTimeout(TimeSpan.FromSeconds(15)));
        return result.ExitCode == 0 ? result.StandardOutput.Trim() : $"(error {result.ExitCode})";
    }

    private static string Endpoint(LabLogin login, int region) => login.ConnectionString(region, connectTimeoutSeconds: 5, commandTimeoutSeconds: 10);

    private static string ReadFrom(string path, long offset)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        stream.Seek(offset, SeekOrigin.Begin);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
