using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Meridian.Core.Planning;
using Meridian.Core.Rendering;
using Meridian.Integration.Tests.Fabric;
using Meridian.Integration.Tests.Processes;
using Meridian.Runtime.Fabric;
using Meridian.Runtime.HostFiles;
using Meridian.Runtime.Processes;
using Xunit.Abstractions;

namespace Meridian.Integration.Tests.Lab;

/// <summary>
/// Issue 11, deliverables 2–4 on a lab the real `meridian up` builds (docs/security.md, "Host privileges and secrets"):
/// no generated secret in any process's command line while `up` runs, in `up`'s output or in any log; config files
/// root-owned so mysql cannot edit them; etcd, HAProxy and mariadbd run as their own users, with their files owned as
/// documented, also after a re-run of `up` and after `up` on an older state directory whose etcd files root owns; no
/// anonymous accounts or `test` database; the agent's health server caps its connections.
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
            await AssertDaemonUsersAsync();
            await AssertDaemonFilesAsync();

            // A re-run of `up` on the running lab rewrites nothing a daemon reads as its own user back to root:root.
            Assert.Equal(0, (await Meridian("up", spec)).ExitCode);
            await AssertDaemonUsersAsync();
            await AssertDaemonFilesAsync();
            await AssertHostFilesAsync();

            // An older state directory, from when etcd and HAProxy ran as root: `up` hands their files over and converges.
            Assert.Equal(0, (await Meridian("down", spec, "--keep-data")).ExitCode);
            await MakeRootOwnedAsync();
            var again = await Meridian("up", spec);
            Assert.True(again.ExitCode == 0, again.StandardError + again.StandardOutput);
            await AssertDaemonUsersAsync();
            await AssertDaemonFilesAsync();

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

    private string ClusterDir => Path.Combine(stateRoot, cluster);

    /// <summary>The lab's hosts that hold <paramref name="file"/> (a planned file names the host's role).</summary>
    private string[] HostsWith(string file) =>
        [.. Directory.EnumerateDirectories(Path.Combine(ClusterDir, "hosts")).Where(h => File.Exists(Path.Combine(h, file))).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal)];

    /// <summary>
    /// Every etcd, HAProxy (master and workers) and mariadbd process in one of the lab's network namespaces runs as its
    /// own user, with its real, effective, saved and filesystem ids equal and no effective capability; found by the
    /// process table and /proc/PID/ns/net, not by what the supervisor recorded.
    /// </summary>
    private async Task AssertDaemonUsersAsync()
    {
        var namespaces = await LabNamespacesAsync();
        var byName = new Dictionary<string, List<(int Pid, string Host)>>(StringComparer.Ordinal);
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                var comm = File.ReadAllText(Path.Combine(directory, "comm")).Trim();
                var netns = new FileInfo(Path.Combine(directory, "ns", "net")).LinkTarget;
                if (netns is not null && namespaces.TryGetValue(netns, out var host))
                {
                    (byName.TryGetValue(comm, out var list) ? list : byName[comm] = []).Add((pid, host));
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Exited while we looked.
            }
        }

        output.WriteLine(string.Join("; ", byName.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p =>
            $"{p.Key}: {string.Join(',', p.Value.Select(v => $"{v.Pid}@{v.Host} uid {Uids(v.Pid)} {CapEff(v.Pid)}"))}")));

        var expected = new (string Comm, string User, string File)[]
        {
            ("etcd", DaemonUsers.Etcd, EtcdConfigRenderer.ConfigFileName),
            ("haproxy", DaemonUsers.Haproxy, HaproxyConfigRenderer.ConfigFileName),
            ("mariadbd", DaemonUsers.Mysql, HostFilePaths.MariadbConfig),
        };
        foreach (var (comm, user, file) in expected)
        {
            var account = ServiceAccount.Lookup(user);
            var processes = byName.GetValueOrDefault(comm) ?? [];
            // One on each host that has the daemon's config; HAProxy has a master and at least one worker per router.
            var hosts = HostsWith(file);
            Assert.Equal(hosts, processes.Select(p => p.Host).Distinct().Order(StringComparer.Ordinal));
            Assert.All(processes.GroupBy(p => p.Host), g => Assert.InRange(g.Count(), comm == "haproxy" ? 2 : 1, comm == "haproxy" ? 3 : 1));
            foreach (var (pid, host) in processes)
            {
                Assert.True(ProcessUids.Of(pid) == account.Uid, $"{comm} PID {pid} on {host} runs as uid {Uids(pid)}, not {user} ({account.Uid})");
                Assert.Equal(account.Gid, ProcessUids.GroupOf(pid));
                Assert.Equal([account.Gid], ProcessUids.SupplementaryGroupsOf(pid));
                Assert.Equal("0000000000000000", CapEff(pid));
            }
        }
    }

    /// <summary>etcd's and HAProxy's files: what they read root:GROUP 0640, what they write their own, logs root's.</summary>
    private async Task AssertDaemonFilesAsync()
    {
        var etcd = ServiceAccount.Lookup(DaemonUsers.Etcd);
        var haproxy = ServiceAccount.Lookup(DaemonUsers.Haproxy);
        foreach (var member in HostsWith(EtcdConfigRenderer.ConfigFileName))
        {
            var host = Path.Combine(ClusterDir, "hosts", member);
            foreach (var file in new[] { EtcdConfigRenderer.ConfigFileName, HostFilePaths.EtcdKey, HostFilePaths.EtcdPeerKey })
            {
                Assert.Equal((0, etcd.Gid, "640"), await StatAsync(Path.Combine(host, file)));
            }

            var data = EtcdConfigRenderer.DataDirectory(new Core.Planning.HostLayout(host));
            Assert.Equal((etcd.Uid, etcd.Gid, "700"), await StatAsync(data));
            var wal = Directory.EnumerateFiles(Path.Combine(data, "member", "wal")).First();
            Assert.Equal(etcd.Uid, (await StatAsync(wal)).Uid);
            Assert.Equal((0, 0, "640"), await StatAsync(Path.Combine(host, "log", "etcd.log")));
            Assert.Contains("\"msg\":\"serving client traffic securely\"", await File.ReadAllTextAsync(Path.Combine(host, "log", "etcd.log")), StringComparison.Ordinal);

            // etcd can neither change its config nor read what is mysql's on a node it shares.
            Assert.NotEqual(0, (await AsUserAsync(DaemonUsers.Etcd, "sh", "-c", $"echo 'data-dir: /tmp' >> '{Path.Combine(host, EtcdConfigRenderer.ConfigFileName)}'")).ExitCode);
            Assert.NotEqual(0, (await AsUserAsync(DaemonUsers.Etcd, "cat", Path.Combine(host, HostFilePaths.MariadbConfig))).ExitCode);
            Assert.NotEqual(0, (await AsUserAsync(DaemonUsers.Etcd, "ls", Path.Combine(host, "log"))).ExitCode);
        }

        foreach (var router in HostsWith(HaproxyConfigRenderer.ConfigFileName))
        {
            var layout = new Core.Planning.HostLayout(Path.Combine(ClusterDir, "hosts", router));
            Assert.Equal((0, haproxy.Gid, "640"), await StatAsync(layout.File(HaproxyConfigRenderer.ConfigFileName)));
            Assert.Equal((haproxy.Uid, haproxy.Gid, "700"), await StatAsync(HaproxyConfigRenderer.RunDirectory(layout)));
            Assert.Equal(haproxy.Uid, (await StatAsync(HaproxyConfigRenderer.PidFile(layout))).Uid);
            Assert.Equal(haproxy.Uid, (await StatAsync(HaproxyConfigRenderer.StatsSocket(layout))).Uid);
            // charon's /run stays root's: haproxy can plant nothing there.
            Assert.Equal(0, (await StatAsync(layout.RunDir)).Uid);
            Assert.NotEqual(0, (await AsUserAsync(DaemonUsers.Haproxy, "touch", Path.Combine(layout.RunDir, "charon.planted"))).ExitCode);
            Assert.NotEqual(0, (await AsUserAsync(DaemonUsers.Haproxy, "sh", "-c", $"echo 'global' >> '{layout.File(HaproxyConfigRenderer.ConfigFileName)}'")).ExitCode);
            Assert.Equal((0, 0, "640"), await StatAsync(Path.Combine(layout.LogDir, "haproxy.log")));
        }

        // A re-run must not reset what mariadbd reads as mysql either (the bundle writes my.cnf 0640 as planned).
        Assert.Equal((0, await IdAsync("-g", DaemonUsers.Mysql), "640"), await StatAsync(Path.Combine(HostDir, HostFilePaths.MariadbConfig)));
    }

    /// <summary>The layout from before etcd and HAProxy had their own users: everything root's, keys 0600, configs 0644.</summary>
    private async Task MakeRootOwnedAsync()
    {
        foreach (var member in HostsWith(EtcdConfigRenderer.ConfigFileName))
        {
            var host = Path.Combine(ClusterDir, "hosts", member);
            await RunAsync("chown", "-R", "root:root", Path.Combine(host, "data", "etcd"));
            await RunAsync("chown", "root:root", Path.Combine(host, HostFilePaths.EtcdKey), Path.Combine(host, HostFilePaths.EtcdPeerKey), Path.Combine(host, EtcdConfigRenderer.ConfigFileName));
            await RunAsync("chmod", "600", Path.Combine(host, HostFilePaths.EtcdKey), Path.Combine(host, HostFilePaths.EtcdPeerKey));
            await RunAsync("chmod", "644", Path.Combine(host, EtcdConfigRenderer.ConfigFileName));
        }

        foreach (var router in HostsWith(HaproxyConfigRenderer.ConfigFileName))
        {
            var config = Path.Combine(ClusterDir, "hosts", router, HaproxyConfigRenderer.ConfigFileName);
            await RunAsync("chown", "root:root", config);
            await RunAsync("chmod", "644", config);
        }
    }

    /// <summary>The lab's namespaces by the name /proc/PID/ns/net links to ("net:[INODE]").</summary>
    private async Task<Dictionary<string, string>> LabNamespacesAsync()
    {
        var prefix = $"mrd-{cluster}--";
        var names = (await ProcessCommandRunner.Instance.RunAsync(CommandRequest.Of("ip", "netns", "list"))).StandardOutput
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(' ')[0])
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal))
            .ToList();
        Assert.NotEmpty(names);
        var byInode = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            var inode = (await ProcessCommandRunner.Instance.RunAsync(CommandRequest.Of("stat", "-c", "%i", Path.Combine("/run/netns", name)))).StandardOutput.Trim();
            byInode[$"net:[{inode}]"] = name[prefix.Length..];
        }

        return byInode;
    }

    private static string Uids(int pid) => StatusField(pid, "Uid:");

    private static string CapEff(int pid) => StatusField(pid, "CapEff:");

    private static string StatusField(int pid, string field)
    {
        try
        {
            return File.ReadLines($"/proc/{pid}/status").Single(l => l.StartsWith(field, StringComparison.Ordinal))[field.Length..].Trim();
        }
        catch (IOException)
        {
            return "(gone)";
        }
    }

    private static Task<CommandResult> RunAsync(params string[] command) =>
        ProcessCommandRunner.Instance.RunAsync(CommandRequest.Of(command[0], command[1..]));

    private static Task<CommandResult> AsUserAsync(string user, params string[] command) =>
        ProcessCommandRunner.Instance.RunAsync(CommandRequest.Of("runuser", ["-u", user, "--", .. command]).AllowingFailure());

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
