using System.Diagnostics;
using System.Text.Json;
using Meridian.Core.Planning;
using Meridian.Integration.Tests.Fabric;
using Meridian.Integration.Tests.Dashboard;
using Meridian.Integration.Tests.Lab;
using Meridian.Runtime.Processes;
using Xunit.Abstractions;

namespace Meridian.Integration.Tests.Providers;

/// <summary>
/// `meridian up` with provider: ssh onto bare machines (real sshd, no systemd: the agent's service is an rc.local line),
/// run from the operator namespace as a user would (docs/providers.md): an unknown host key, a port held by a stranger
/// and a host that dies midway each stop it with a located error, and the next run converges to a 3-region cluster
/// whose nodes replicate and pass the consistency checker through SSH-forwarded endpoints, a
/// re-`up` that writes and restarts nothing, a machine rebooted by killing all of its processes that comes back by
/// itself, and `down` that leaves the machines as bare as they were.
/// </summary>
[Trait("Category", "Lab")]
public sealed class SshProviderTests(ITestOutputHelper output)
{
    private const string Cluster = "sp";
    private static readonly TimeSpan UpTimeout = TimeSpan.FromSeconds(420);
    private static readonly string[] Nodes = ["a-db1", "b-db1", "c-db1"];
    private static readonly string[] Hosts = ["a-vpn", "a-db1", "b-vpn", "b-db1", "c-vpn", "c-db1"];
    private static readonly string[] Daemons = ["meridian-agent", "mariadbd", "etcd", "charon", "haproxy", "garbd"];
    private readonly string stateRoot = Path.Combine("/tmp", "sp-" + Guid.NewGuid().ToString("N")[..6]);
    private readonly ProcessCommandRunner runner = ProcessCommandRunner.Instance;

    private string Machines => Path.Combine(stateRoot, Cluster + "--machines");

    private static string Operator => Planner.NamespaceName(Cluster, "operator");

    [Fact]
    public async Task Given_bare_machines_When_up_runs_over_ssh_Then_the_cluster_replicates_re_up_restarts_nothing_a_reboot_recovers_and_down_leaves_them_bare()
    {
        RootRequirement.Ensure();
        var meridian = new MeridianBinary(stateRoot, output);
        var spec = WriteSpec();
        try
        {
            Assert.Equal(0, (await meridian.RunAsync(TimeSpan.FromSeconds(180), "lab", "machines", "up", spec)).ExitCode);

            // Bad input stops `up` before any host is changed, with the host, what and how to fix it.
            var unknown = await UpAsync(spec);
            Assert.Equal(1, unknown.ExitCode);
            Assert.Contains("a-vpn (198.18.0.1)", unknown.StandardError, StringComparison.Ordinal);
            Assert.Contains("SHA256:", unknown.StandardError, StringComparison.Ordinal);
            Assert.Contains("--trust-new-hosts", unknown.StandardError, StringComparison.Ordinal);
            Assert.Contains("nothing was changed on any host", unknown.StandardError, StringComparison.Ordinal);
            var stranger = await BareMachine.StartListenerAsync(Cluster, "b-db1", "10.64.2.20", 9200);
            var busy = await UpAsync(spec, "--trust-new-hosts");
            Assert.Equal(1, busy.ExitCode);
            Assert.Contains("b-db1 (10.64.2.20): tcp port 9200 (agent health) is held by", busy.StandardError, StringComparison.Ordinal);
            Assert.Contains("nothing was changed on any host", busy.StandardError, StringComparison.Ordinal);
            Assert.All(Directory.GetDirectories(Path.Combine(Machines, "hosts")), root => Assert.False(Directory.Exists(Path.Combine(root, "var", "lib", "meridian"))));
            await runner.RunAsync(CommandRequest.Of("kill", stranger).AllowingFailure());

            // A host that dies mid-up (every process of c-db1 killed while up works on it): a located error, and the
            // next run converges.
            var dying = UpAsync(spec, "--trust-new-hosts");
            await Task.Delay(TimeSpan.FromSeconds(6));
            Assert.Equal(0, (await meridian.RunAsync(TimeSpan.FromSeconds(60), "lab", "machines", "reboot", spec, "c-db1", "--force")).ExitCode);
            var died = await dying;
            Assert.Equal(1, died.ExitCode);
            Assert.Contains("c-db1 (10.64.3.20): the connection dropped", died.StandardError, StringComparison.Ordinal);

            var watch = Stopwatch.StartNew();
            var up = await UpAsync(spec, "--trust-new-hosts");
            output.WriteLine($"MEASURED ssh up after a host died midway (3 regions, 6 machines, packages present): {watch.Elapsed.TotalSeconds:F1} s");
            Assert.True(up.ExitCode == 0, up.StandardOutput + up.StandardError);
            Assert.Contains("cluster up: 3 Galera nodes Synced", up.StandardOutput, StringComparison.Ordinal);
            Assert.Contains("10.64.2.10:3306", up.StandardOutput, StringComparison.Ordinal);

            // Synchronous replication across the regions: a row written on a's node is read on c's.
            await SqlAsync("a-db1", "CREATE DATABASE IF NOT EXISTS sp; CREATE TABLE IF NOT EXISTS sp.t (id INT PRIMARY KEY, v VARCHAR(20)); REPLACE INTO sp.t VALUES (1, 'over ssh');");
            Assert.Equal("over ssh", await SqlAsync("c-db1", "SELECT v FROM sp.t WHERE id = 1"));
            foreach (var node in Nodes)
            {
                Assert.Equal("Synced\t3", await SqlAsync(node, "SELECT (SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME='wsrep_local_state_comment'), (SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME='wsrep_cluster_size')"));
            }

            // The dashboard reads an ssh cluster over SSH from its agents, from the operator's namespace.
            await AssertDashboardAsync();

            // SQL from the operator's machine: the checker's bank workload through every region's endpoint over SSH
            // forwards on 127.0.0.1 (server certificates verified), then read back through each: nothing lost.
            var check = await new MeridianBinary(stateRoot, output).RunInNamespaceAsync(Operator, TimeSpan.FromSeconds(180), "check", "--cluster", Cluster, "--duration", "10s", "--format", "json");
            Assert.True(check.ExitCode == 0, check.StandardOutput + check.StandardError);
            using (var report = JsonDocument.Parse(check.StandardOutput))
            {
                Assert.True(report.RootElement.GetProperty("passed").GetBoolean());
                Assert.Equal(0, report.RootElement.GetProperty("lost").GetInt32());
                Assert.True(report.RootElement.GetProperty("acknowledged").GetInt32() > 0);
                Assert.Equal(3, report.RootElement.GetProperty("verdicts").GetArrayLength());
            }

            // recover reads etcd through SSH forwards: a Primary exists, so nothing is needed and a forced bootstrap is refused.
            var recover = await new MeridianBinary(stateRoot, output).RunInNamespaceAsync(Operator, TimeSpan.FromSeconds(60), "recover", "--cluster", Cluster, "--format", "json");
            Assert.True(recover.ExitCode == 0, recover.StandardOutput + recover.StandardError);
            using (var view = JsonDocument.Parse(recover.StandardOutput))
            {
                Assert.Equal("NotNeeded", view.RootElement.GetProperty("decision").GetProperty("kind").GetString());
                Assert.Equal(3, view.RootElement.GetProperty("nodes").GetArrayLength());
            }

            var forced = await new MeridianBinary(stateRoot, output).RunInNamespaceAsync(Operator, TimeSpan.FromSeconds(60), "recover", "--cluster", Cluster, "--force-bootstrap", "a-db1", "--yes");
            Assert.NotEqual(0, forced.ExitCode);
            Assert.Contains("refusing to force a-db1 to bootstrap", forced.StandardError, StringComparison.Ordinal);

            // A fault drill on a real host: b's mariadbd killed by its agent-reported PID; its agent brings it back.
            var killed = await new MeridianBinary(stateRoot, output).RunInNamespaceAsync(Operator, TimeSpan.FromSeconds(60), "chaos", "kill-node", "--cluster", Cluster, "--target", "b", "--format", "json");
            Assert.True(killed.ExitCode == 0, killed.StandardOutput + killed.StandardError);
            using (var events = JsonDocument.Parse(killed.StandardOutput))
            {
                Assert.Contains(events.RootElement.EnumerateArray(), e => e.GetProperty("action").GetString() == "SIGKILL" && e.GetProperty("detail").GetString() == "killed mariadbd on b-db1");
            }

            await UntilAsync(s => s["b-db1"].GetProperty("healthCode").GetInt32() == 200, TimeSpan.FromSeconds(120));
            var cut = await new MeridianBinary(stateRoot, output).RunInNamespaceAsync(Operator, TimeSpan.FromSeconds(60), "chaos", "cut-link", "--cluster", Cluster, "--target", "a~b");
            Assert.NotEqual(0, cut.ExitCode);
            Assert.Contains("needs the lab's emulated WAN", cut.StandardError, StringComparison.Ordinal);

            output.WriteLine($"MEASURED agent RSS per host (MB): {string.Join(", ", await Task.WhenAll(Hosts.Select(async h => $"{h} {await AgentRssMbAsync(h):F1}")))}");

            var before = await StatusAsync();
            Assert.All(before.Values, h => Assert.Equal(200, h.GetProperty("healthCode").GetInt32()));

            // Nothing changed: nothing written, nothing restarted, the same PIDs.
            watch.Restart();
            var again = await UpAsync(spec);
            output.WriteLine($"MEASURED ssh re-up, nothing changed: {watch.Elapsed.TotalSeconds:F1} s");
            Assert.True(again.ExitCode == 0, again.StandardOutput + again.StandardError);
            Assert.Contains("0 package(s) installed, 0 file(s) written, 0 agent(s) started, 0 restarted", again.StandardOutput, StringComparison.Ordinal);
            var after = await StatusAsync();
            foreach (var (host, status) in before)
            {
                Assert.Equal(Pids(status), Pids(after[host]));
            }

            // A reboot: every process of b-db1 killed, only sshd and rc.local started; its agent brings the node back.
            var rebooted = await meridian.RunAsync(TimeSpan.FromSeconds(60), "lab", "machines", "reboot", spec, "b-db1", "--force");
            Assert.Equal(0, rebooted.ExitCode);
            var back = await UntilAsync(s => s["b-db1"].GetProperty("healthCode").GetInt32() == 200, TimeSpan.FromSeconds(180));
            Assert.NotEqual(before["b-db1"].GetProperty("agentPid").GetInt32(), back["b-db1"].GetProperty("agentPid").GetInt32());
            Assert.Equal("over ssh", await SqlAsync("b-db1", "SELECT v FROM sp.t WHERE id = 1"));

            var down = await new MeridianBinary(stateRoot, output).RunInNamespaceAsync(Operator, UpTimeout, "down", spec);
            Assert.True(down.ExitCode == 0, down.StandardOutput + down.StandardError);
            foreach (var host in before.Keys)
            {
                var root = Path.Combine(Machines, "hosts", host);
                Assert.False(Directory.Exists(Path.Combine(root, "var", "lib", "meridian")), $"{host}: /var/lib/meridian left");
                Assert.False(Directory.Exists(Path.Combine(root, "usr", "local", "lib", "meridian")), $"{host}: /usr/local/lib/meridian left");
                Assert.False(File.Exists(Path.Combine(root, "etc", "rc.local")), $"{host}: /etc/rc.local left");
                Assert.Empty(Directory.GetFiles(Path.Combine(root, "etc", "sysctl.d"), "*meridian*"));
                Assert.Empty(await DaemonsInAsync(host));
            }

            Assert.False(Directory.Exists(Path.Combine(stateRoot, Cluster)));
        }
        finally
        {
            await new MeridianBinary(stateRoot, output).RunInNamespaceAsync(Operator, UpTimeout, "down", spec);
            await meridian.RunAsync("lab", "machines", "down", spec);
            Directory.Delete(stateRoot, recursive: true);
        }
    }

    /// <summary>
    /// `meridian dashboard --cluster sp` in the operator's namespace: every region with its Synced node, every tunnel
    /// measured up through the routers, and charts with the commit floor F and the nodes' commits.
    /// </summary>
    private async Task AssertDashboardAsync()
    {
        await using var dashboard = await DashboardProcess.StartAsync(stateRoot, ["--cluster", Cluster, "--listen", "127.0.0.1:0"], Operator);
        using var snapshot = await dashboard.UntilJsonAsync(
            "/api/snapshot",
            s => s.GetProperty("regions").EnumerateArray().SelectMany(r => r.GetProperty("nodes").EnumerateArray()).Count(n => n.GetProperty("state").GetString() == "Synced") == 3
                && s.GetProperty("tunnels").EnumerateArray().All(t => t.GetProperty("state").GetString() == "up"),
            TimeSpan.FromSeconds(30),
            "3 Synced nodes and 3 tunnels up on the dashboard");
        Assert.Equal("ssh", snapshot.RootElement.GetProperty("provider").GetString());
        Assert.Equal(["a", "b", "c"], snapshot.RootElement.GetProperty("regions").EnumerateArray().Select(r => r.GetProperty("name").GetString()));
        Assert.All(snapshot.RootElement.GetProperty("tunnels").EnumerateArray(), t => Assert.True(t.GetProperty("measuredRttMs").GetDouble() > 0));
        Assert.All(snapshot.RootElement.GetProperty("regions").EnumerateArray(), r => Assert.True(r.GetProperty("etcd").GetProperty("healthy").GetBoolean()));
        using var charts = await dashboard.UntilJsonAsync(
            "/api/charts",
            c => c.GetProperty("regions").GetArrayLength() == 3
                && c.GetProperty("regions").EnumerateArray().All(r => r.GetProperty("commitsPerSecond").EnumerateArray().Any(p => p.ValueKind == JsonValueKind.Number)),
            TimeSpan.FromSeconds(40),
            "charts with a commit rate in every region");
        Assert.All(charts.RootElement.GetProperty("regions").EnumerateArray(), r => Assert.True(r.GetProperty("floorMs").EnumerateArray().Last().GetDouble() > 0));
        output.WriteLine($"MEASURED ssh dashboard RSS: {dashboard.RssMb():F1} MB");
    }

    private Task<string> SqlAsync(string host, string sql) => BareMachine.SqlAsync(Machines, Cluster, host, sql);

    private Task<CommandResult> UpAsync(string spec, params string[] flags) =>
        new MeridianBinary(stateRoot, output).RunInNamespaceAsync(Operator, UpTimeout, ["up", spec, .. flags]);

    private async Task<Dictionary<string, JsonElement>> StatusAsync()
    {
        var status = await new MeridianBinary(stateRoot, output).RunInNamespaceAsync(Operator, TimeSpan.FromSeconds(60), "status", "--cluster", Cluster, "--format", "json");
        Assert.True(status.ExitCode == 0, status.StandardOutput + status.StandardError);
        using var document = JsonDocument.Parse(status.StandardOutput);
        return document.RootElement.GetProperty("hosts").EnumerateArray().ToDictionary(h => h.GetProperty("host").GetString()!, h => h.Clone());
    }

    private async Task<Dictionary<string, JsonElement>> UntilAsync(Func<Dictionary<string, JsonElement>, bool> done, TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var status = await StatusAsync();
            if (done(status))
            {
                return status;
            }

            Assert.True(watch.Elapsed < timeout, "not back in time: " + string.Join("; ", status.Values.Select(s => $"{s.GetProperty("host")}: {s.GetProperty("health")}")));
            await Task.Delay(2000);
        }
    }

    /// <summary>The agent's PID and every daemon's: unchanged PIDs mean nothing was restarted.</summary>
    private static string Pids(JsonElement host) =>
        host.GetProperty("agentPid") + " " + string.Join(",", host.GetProperty("daemons").EnumerateArray().Select(d => $"{d.GetProperty("name")}={d.GetProperty("pid")}"));

    /// <summary>The resident memory of the meridian-agent in a machine's network namespace (VmRSS).</summary>
    private async Task<double> AgentRssMbAsync(string host)
    {
        var pids = await runner.RunAsync(CommandRequest.Of("ip", "netns", "pids", Planner.NamespaceName(Cluster, host)).AllowingFailure());
        foreach (var pid in pids.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            try
            {
                if (File.ReadAllText($"/proc/{pid}/comm").Trim() == "meridian-agent")
                {
                    var line = File.ReadAllLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
                    return double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) / 1024;
                }
            }
            catch (IOException)
            {
                // Exited meanwhile.
            }
        }

        return 0;
    }

    /// <summary>Meridian's daemons still running in a machine's network namespace (by /proc/PID/comm).</summary>
    private async Task<List<string>> DaemonsInAsync(string host)
    {
        var pids = await runner.RunAsync(CommandRequest.Of("ip", "netns", "pids", Planner.NamespaceName(Cluster, host)).AllowingFailure());
        return [.. pids.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => File.Exists($"/proc/{p.Trim()}/comm") ? File.ReadAllText($"/proc/{p.Trim()}/comm").Trim() : string.Empty)
            .Where(comm => Daemons.Contains(comm))];
    }

    private string WriteSpec()
    {
        Directory.CreateDirectory(stateRoot);
        var path = Path.Combine(stateRoot, "ssh.yaml");
        File.WriteAllText(path, $"""
            cluster: {Cluster}
            provider: ssh
            ssh:
              user: root
              key: {Path.Combine(Machines, "operator_ed25519")}
              knownHosts: {Path.Combine(stateRoot, "known_hosts")}
            regions:
              - name: a
                cidr: 10.64.1.0/24
                hosts: {"{"} vpn: {"{"} public: 198.18.0.1 {"}"} {"}"}
              - name: b
                cidr: 10.64.2.0/24
                hosts: {"{"} vpn: {"{"} public: 198.18.0.2 {"}"} {"}"}
              - name: c
                cidr: 10.64.3.0/24
                hosts: {"{"} vpn: {"{"} public: 198.18.0.3 {"}"} {"}"}
            wan:
              rtt: {"{"}a~b: 10ms, a~c: 20ms, b~c: 15ms{"}"}
            """);
        return path;
    }
}
