using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Meridian.Core.Rendering;
using Meridian.Integration.Tests.Fabric;
using Meridian.Runtime.Fabric;
using Meridian.Runtime.Processes;
using Xunit.Abstractions;

namespace Meridian.Integration.Tests.Lab;

/// <summary>
/// Issue 11, deliverables 2–4 on a lab the real `meridian up` builds (docs/security.md, "Host privileges and secrets"):
/// no generated secret in any process's command line while `up` runs, in `up`'s output or in any log; config files
/// root-owned so mysql cannot edit them; no anonymous accounts or `test` database; the agent's health server caps its
/// connections.
/// </summary>
public sealed class HostPrivilegesTests(ITestOutputHelper output)
{
    private const int Port = LabEndpointPorts.HostPrivileges;
    private const string Node = "a-db1";
    private readonly string cluster = "hp" + Guid.NewGuid().ToString("N")[..5];
    private readonly string stateRoot = Path.Combine("/tmp", "mh-" + Guid.NewGuid().ToString("N")[..6]);

    private string HostDir => Path.Combine(stateRoot, cluster, "hosts", Node);

    [Fact]
    public async Task Given_up_Then_no_secret_leaks_config_is_root_owned_accounts_are_clean_and_health_connections_are_capped()
    {
        RootRequirement.Ensure();
        var spec = WriteSpec();
        try
        {
            await LabEndpointPorts.WaitUntilFreeAsync(Port, 3, output);

            // When: up runs, every process's command line is sampled as fast as /proc allows.
            using var stopScanning = new CancellationTokenSource();
            var commandLines = new ConcurrentDictionary<string, byte>();
            var scanner = Task.Run(() => SampleCommandLines(commandLines, stopScanning.Token));
            var up = await Meridian("up", spec);
            await Task.Delay(2000);
            await stopScanning.CancelAsync();
            var sweeps = await scanner;
            output.WriteLine($"{sweeps} sweeps of /proc, {commandLines.Count} distinct command lines");
            Assert.True(up.ExitCode == 0, up.StandardError + up.StandardOutput);

            var secrets = ReadSecrets();
            Assert.Equal(["MERIDIAN_APP_PASSWORD", "MERIDIAN_SST_PASSWORD"], secrets.Keys.Order(StringComparer.Ordinal));
            foreach (var daemon in new[] { "mariadbd", "etcd", "charon", "haproxy", "meridian-agent", "supervise" })
            {
                Assert.Contains(commandLines.Keys, c => c.Contains(daemon, StringComparison.Ordinal));
            }

            // Then: no secret in any command line, in up's output or in any log file under the state directory.
            var logs = Directory.EnumerateFiles(Path.Combine(stateRoot, cluster), "*", SearchOption.AllDirectories)
                .Where(f => f.Split('/').Contains("log") || f.EndsWith(".log", StringComparison.Ordinal) || f.EndsWith(".stdout", StringComparison.Ordinal))
                .ToList();
            output.WriteLine($"{logs.Count} log files");
            Assert.Contains(logs, l => l.EndsWith("supervisor.log", StringComparison.Ordinal));
            Assert.Contains(logs, l => l.EndsWith("agent.log", StringComparison.Ordinal));
            foreach (var (name, secret) in secrets)
            {
                Assert.DoesNotContain(secret, up.StandardOutput + up.StandardError, StringComparison.Ordinal);
                Assert.DoesNotContain(commandLines.Keys, c => c.Contains(secret, StringComparison.Ordinal));
                foreach (var log in logs)
                {
                    Assert.False((await File.ReadAllTextAsync(log)).Contains(secret, StringComparison.Ordinal), $"{name} is in {log}");
                }
            }

            // Then: up says how to connect, with a password prompt and TLS verified against the SQL CA, and where the password is.
            var sqlCa = Path.Combine(stateRoot, cluster, "pki", "ca-sql.crt");
            Assert.Contains($"mariadb -h 127.0.0.1 -P {Port} -u shopper -p --ssl --ssl-verify-server-cert --ssl-ca={sqlCa} shop\n", up.StandardOutput, StringComparison.Ordinal);
            Assert.Contains("meridian credentials", up.StandardOutput, StringComparison.Ordinal);

            // Then: logs are 0640 or tighter, their directories 0750 or tighter (the datadir's tc.log is InnoDB's
            // transaction coordinator file, not a log, and lives in mysql's 0750 datadir).
            foreach (var log in logs.Where(l => l.Split('/').Contains("log")))
            {
                Assert.True((File.GetUnixFileMode(log) & Loose) == 0, $"{log} is {File.GetUnixFileMode(log)}");
            }

            foreach (var directory in logs.Where(l => l.Split('/').Contains("log")).Select(Path.GetDirectoryName).Distinct())
            {
                Assert.True((File.GetUnixFileMode(directory!) & Loose) == 0, $"{directory} is {File.GetUnixFileMode(directory!)}");
            }

            await AssertHostFilesAsync();
            await AssertNoAnonymousAccountsAsync();
            await AssertHealthConnectionsCappedAsync();

            Assert.Equal(0, (await Meridian("down", spec)).ExitCode);
            Assert.Empty(await LocalFabric.FindLeftoverNamespacesAsync(ProcessCommandRunner.Instance, cluster));
        }
        finally
        {
            await Meridian("down", spec);
            await LocalFabric.DeleteLeftoverNamespacesAsync(ProcessCommandRunner.Instance, cluster);
            Directory.Delete(stateRoot, recursive: true);
        }
    }

    /// <summary>Group write and any access by others.</summary>
    private const UnixFileMode Loose = UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    private async Task AssertHostFilesAsync()
    {
        var myCnf = Path.Combine(HostDir, HostFilePaths.MariadbConfig);
        var key = Path.Combine(HostDir, HostFilePaths.GaleraKey);
        var mysqlGid = await IdAsync("-g", "mysql");
        foreach (var file in new[] { myCnf, key })
        {
            Assert.Equal((0, mysqlGid, "640"), await StatAsync(file));
        }

        // mysql cannot edit my.cnf (a `user=root` there would be a root server), nor swap it, nor plant a link in log/.
        var edit = await AsMysqlAsync("sh", "-c", $"echo user=root >> '{myCnf}'");
        Assert.NotEqual(0, edit.ExitCode);
        Assert.Contains("Permission denied", edit.StandardError, StringComparison.Ordinal);
        Assert.NotEqual(0, (await AsMysqlAsync("mv", myCnf, myCnf + ".old")).ExitCode);
        Assert.NotEqual(0, (await AsMysqlAsync("ln", "-s", myCnf, Path.Combine(HostDir, "log", "wsrep-recover.log.planted"))).ExitCode);
        Assert.DoesNotContain("user=root", await File.ReadAllTextAsync(myCnf), StringComparison.Ordinal);

        // Recovery and first-start inputs: data/ and data/agent/ are root's; mysql can write neither.
        var data = Path.Combine(HostDir, "data");
        Assert.Equal((0, mysqlGid, "711"), await StatAsync(data));
        Assert.Equal((0, 0, "700"), await StatAsync(Path.Combine(data, "agent")));
        Assert.True(File.Exists(Path.Combine(data, "agent", "mariadbd-process")));
        Assert.NotEqual(0, (await AsMysqlAsync("touch", Path.Combine(data, "mysql.first-start"))).ExitCode);
        Assert.NotEqual(0, (await AsMysqlAsync("ls", Path.Combine(data, "agent"))).ExitCode);
        Assert.Equal((0, mysqlGid, "750"), await StatAsync(Path.Combine(HostDir, "log")));
        Assert.Equal((0, 0, "640"), await StatAsync(Path.Combine(HostDir, "log", "agent.log")));
    }

    private async Task AssertNoAnonymousAccountsAsync()
    {
        var socket = MariadbConfigRenderer.SocketPath(new Core.Planning.HostLayout(HostDir));
        var result = await ProcessCommandRunner.Instance.RunAsync(
            CommandRequest.Of("mariadb", "--no-defaults", $"--socket={socket}", "--user=root", "-N", "-B")
                .WithStandardInput("SELECT COUNT(*) FROM mysql.global_priv WHERE User = '';\nSELECT COUNT(*) FROM mysql.db WHERE Db LIKE 'test%';\nSELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = 'test';\n"));
        Assert.Equal(["0", "0", "0"], result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    /// <summary>
    /// 40 idle connections to one agent's :9200 at once: the ones past the cap are reset at once, the idle ones are
    /// closed by the read timeout, and the server answers again afterwards.
    /// </summary>
    private async Task AssertHealthConnectionsCappedAsync()
    {
        using var agentJson = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(HostDir, "agent.json")));
        var http = agentJson.RootElement.GetProperty("http");
        var endpoint = new IPEndPoint(IPAddress.Parse(http.GetProperty("address").GetString()!), http.GetProperty("port").GetInt32());
        var ns = $"mrd-{cluster}--{Node}";
        var sockets = new List<(Socket Socket, long ConnectedAt)>();
        try
        {
            for (var i = 0; i < 40; i++)
            {
                var socket = await NetnsScope.RunAsync(ns, () => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp));
                sockets.Add((socket, 0));
                try
                {
                    await socket.ConnectAsync(endpoint);
                    sockets[^1] = (socket, Stopwatch.GetTimestamp());
                }
                catch (SocketException)
                {
                    // The server's reset can overtake the end of connect (EPIPE/ECONNRESET): that is a reset too.
                    sockets[^1] = (socket, -1);
                }
            }

            // Over the cap the server closes at once; a silent client inside the cap gets a FIN after 2 s.
            var ends = await Task.WhenAll(sockets.Select(s => s.ConnectedAt < 0 ? Task.FromResult((Reset: true, After: TimeSpan.Zero)) : EndOfAsync(s.Socket, s.ConnectedAt)));
            // Refused: reset or closed within a second of connecting (.NET may close with a FIN despite linger 0).
            var reset = ends.Count(e => e.Reset || e.After < TimeSpan.FromSeconds(1));
            var closedByTimeout = ends.Where(e => !e.Reset && e.After >= TimeSpan.FromSeconds(1)).ToList();
            output.WriteLine($"health server: {reset} reset, {closedByTimeout.Count} closed after {string.Join(", ", closedByTimeout.Select(e => e.After.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture)).Distinct())} s");
            Assert.InRange(reset, 40 - 32, 40);
            Assert.InRange(closedByTimeout.Count, 1, 32);
            Assert.All(closedByTimeout, e => Assert.InRange(e.After, TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(5)));
        }
        finally
        {
            sockets.ForEach(s => s.Socket.Dispose());
        }

        using var probe = await NetnsScope.RunAsync(ns, () => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp));
        await probe.ConnectAsync(endpoint);
        await probe.SendAsync(Encoding.ASCII.GetBytes("GET / HTTP/1.0\r\n\r\n"), SocketFlags.None);
        var buffer = new byte[256];
        var n = await probe.ReceiveAsync(buffer, SocketFlags.None);
        Assert.StartsWith("HTTP/1.0 ", Encoding.ASCII.GetString(buffer, 0, n), StringComparison.Ordinal);
    }

    private static async Task<(bool Reset, TimeSpan After)> EndOfAsync(Socket socket, long connectedAt)
    {
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            while (await socket.ReceiveAsync(new byte[64], SocketFlags.None, bound.Token) > 0)
            {
            }

            return (false, Stopwatch.GetElapsedTime(connectedAt));
        }
        catch (SocketException ex) when (ex.SocketErrorCode is SocketError.ConnectionReset or SocketError.Shutdown)
        {
            return (true, Stopwatch.GetElapsedTime(connectedAt));
        }
    }

    private static int SampleCommandLines(ConcurrentDictionary<string, byte> seen, CancellationToken cancellationToken)
    {
        var sweeps = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            foreach (var directory in Directory.EnumerateDirectories("/proc"))
            {
                if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out _))
                {
                    continue;
                }

                try
                {
                    var commandLine = File.ReadAllText(Path.Combine(directory, "cmdline")).Replace('\0', ' ');
                    if (commandLine.Length > 0)
                    {
                        seen.TryAdd(commandLine, 0);
                    }
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    // Exited while we looked.
                }
            }

            sweeps++;
        }

        return sweeps;
    }

    private Dictionary<string, string> ReadSecrets() =>
        File.ReadAllLines(Path.Combine(stateRoot, cluster, "secrets.env"))
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split('=', 2))
            .ToDictionary(p => p[0], p => p[1]);

    private static Task<CommandResult> AsMysqlAsync(params string[] command) =>
        ProcessCommandRunner.Instance.RunAsync(CommandRequest.Of("runuser", ["-u", "mysql", "--", .. command]).AllowingFailure());

    private static async Task<int> IdAsync(string flag, string user) =>
        int.Parse((await ProcessCommandRunner.Instance.RunAsync(CommandRequest.Of("id", flag, user))).StandardOutput.Trim(), CultureInfo.InvariantCulture);

    private static async Task<(int Uid, int Gid, string Mode)> StatAsync(string path)
    {
        var fields = (await ProcessCommandRunner.Instance.RunAsync(CommandRequest.Of("stat", "-c", "%u %g %a", path))).StandardOutput.Trim().Split(' ');
        return (int.Parse(fields[0], CultureInfo.InvariantCulture), int.Parse(fields[1], CultureInfo.InvariantCulture), fields[2]);
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
                a~b: 10ms
                a~c: 10ms
                b~c: 10ms
            database:
              name: shop
              user: shopper
            endpoints:
              port: {Port}
            """);
        return path;
    }

    private Task<CommandResult> Meridian(params string[] args) => new MeridianBinary(stateRoot, output).RunAsync(TimeSpan.FromSeconds(240), args);
}
