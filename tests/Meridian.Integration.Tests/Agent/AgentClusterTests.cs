using System.Diagnostics;
using System.Text.RegularExpressions;
using Meridian.Core.Planning;
using Meridian.Integration.Tests.Etcd;
using Meridian.Runtime.Etcd;
using Meridian.Runtime.Processes;
using Xunit.Abstractions;

namespace Meridian.Integration.Tests.Agent;

/// <summary>
/// Three real agents, each started with `ip netns exec NS meridian-agent --config F`, over the VPN lab with a real etcd
/// cluster (<see cref="EtcdLabFixture"/>). One scenario in order, because each step builds on the cluster the previous
/// one left: first formation without SST, replication, mariadbd crash → IST, agent crash → adoption.
/// Cleanup: SIGTERM every agent (it stops its mariadbd), then SIGKILL any recorded mariadbd still alive, then the lab.
/// </summary>
public sealed partial class AgentClusterTests(ITestOutputHelper output) : IAsyncLifetime, IAsyncDisposable
{
    private static readonly TimeSpan FormationBound = TimeSpan.FromSeconds(90);
    private readonly EtcdLabFixture _lab = new(startMembers: false);
    private List<AgentNode> _nodes = [];

    public async Task InitializeAsync()
    {
        await _lab.InitializeAsync();
        _nodes = [.. _lab.Plan.Hosts.Where(h => h.Is(HostRole.GaleraNode)).Select(h => new AgentNode(h, _lab.Layout.ForHost(h.Name)))];
    }

    public async Task DisposeAsync()
    {
        try
        {
            KeepLogs();
            await Task.WhenAll(_nodes.Select(n => n.StopAgentAsync()));
            foreach (var node in _nodes)
            {
                if (node.Mariadbd() is { } left)
                {
                    await Signals.StopAsync(left, TimeSpan.FromSeconds(30), CancellationToken.None);
                }
            }
        }
        finally
        {
            await _lab.DisposeAsync();
        }
    }

    async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();

    [Fact]
    public async Task Given_three_fresh_nodes_When_agents_start_Then_one_bootstraps_the_others_join_without_SST_and_crashes_recover()
    {
        // When: three agents start at once on fresh hosts.
        var started = Stopwatch.StartNew();
        foreach (var node in _nodes)
        {
            node.StartAgent();
        }

        // Each host agent starts its host's etcd member first; its node's supervision waits until etcd enforces
        // authentication, which `up` turns on once the members form a quorum (EtcdAccessControl), as here.
        await new EtcdAccessControl(_lab.Plan, _lab.Layout, EtcdLabFixture.Runner).EnsureAsync(CancellationToken.None);
        output.WriteLine($"etcd authentication on {started.Elapsed.TotalSeconds:F1} s after the agents started");

        await WaitForSyncedAsync(_nodes.Count, FormationBound);
        var formed = started.Elapsed;
        output.WriteLine($"agents started → {_nodes.Count}/{_nodes.Count} Synced, size {_nodes.Count}: {formed.TotalSeconds:F1} s");

        // Then: exactly one node bootstrapped, and it is the one the bootstrap record names.
        await using var coordinator = _lab.CoordinatorFor(_lab.Plan.Regions[0].Name);
        var record = await coordinator.GetBootstrapAsync(CancellationToken.None);
        Assert.NotNull(record);
        var bootstrappers = _nodes.Where(n => File.ReadAllText(n.AgentLog).Contains("bootstrapping a new cluster", StringComparison.Ordinal)).ToList();
        Assert.Equal([record.Node], bootstrappers.Select(n => n.Host.Name));

        // Then: the others joined with no state transfer at all: no SST script ran, and Galera said none was needed.
        foreach (var joiner in _nodes.Where(n => n.Host.Name != record.Node))
        {
            var log = await File.ReadAllTextAsync(joiner.ErrorLog);
            if (!log.Contains("state transfer needed: no", StringComparison.Ordinal))
            {
                // Seen once in CI without the logs to say why: show the joiner's story (CI prints an output's last lines).
                var lines = log.Split('\n').Where(l => l.Contains("view", StringComparison.OrdinalIgnoreCase) || l.Contains("transfer", StringComparison.OrdinalIgnoreCase)
                    || l.Contains("inactive", StringComparison.Ordinal) || l.Contains("ERROR", StringComparison.Ordinal) || l.Contains("Shifting", StringComparison.Ordinal));
                output.WriteLine($"--- {joiner.Host.Name}: error log, membership and state-transfer lines (last 15)");
                output.WriteLine(string.Join('\n', lines.TakeLast(15)));
                output.WriteLine($"--- {joiner.Host.Name}: agent log (last 15 lines)");
                output.WriteLine(string.Join('\n', (await File.ReadAllLinesAsync(joiner.AgentLog)).TakeLast(15)));
                Assert.Fail($"{joiner.Host.Name} did not join without a state transfer (its logs are above)");
            }

            Assert.DoesNotContain("--role 'joiner'", log, StringComparison.Ordinal);
            Assert.DoesNotContain("Prepared IST receiver for 0-", log, StringComparison.Ordinal);
            Assert.Contains("fresh join pre-seeded", await File.ReadAllTextAsync(joiner.AgentLog), StringComparison.Ordinal);
        }

        foreach (var node in _nodes)
        {
            Assert.Equal(record.GaleraUuid, (await node.StatusAsync())!.ClusterStateUuid);
            // The agent polls once a second, so its answer may trail the cluster by a poll.
            await WaitUntilAsync(async () => (await node.HttpGetAsync("/")).Contains("200 OK", StringComparison.Ordinal), TimeSpan.FromSeconds(10));
            Assert.Contains("meridian_wsrep_cluster_size{", await node.HttpGetAsync("/metrics"), StringComparison.Ordinal);

            // GET /daemons: the host's runner shows the mariadbd the NodeSupervisor started, by its own PID.
            var daemons = await node.HttpGetAsync("/daemons");
            output.WriteLine(daemons);
            Assert.Contains("200 OK", daemons, StringComparison.Ordinal);
            Assert.Contains($"\"name\": \"mariadbd\"", daemons, StringComparison.Ordinal);
            Assert.Contains("\"state\": \"Running\"", daemons, StringComparison.Ordinal);
            Assert.Contains($"\"pid\": {node.Mariadbd()!.Pid}", daemons, StringComparison.Ordinal);
        }

        // Then: a row written on one node is read on another (the app database came from the offline accounts step).
        Assert.NotNull(await _nodes[0].QueryAsync("CREATE TABLE app.t (id INT PRIMARY KEY, v VARCHAR(20)); INSERT INTO app.t VALUES (1, 'east')"));
        Assert.Equal("east", (await _nodes[1].QueryAsync("SET SESSION wsrep_sync_wait = 1; SELECT v FROM app.t WHERE id = 1"))?.Trim());

        // Then: GET /metrics carries the wsrep counters and queues (docs/metrics.md), and while the node is Synced the
        // commit probe's histogram counts a probe every 2 s with no failures; its row replicates like any other.
        var scraped = _nodes[0];
        var metrics = await scraped.HttpGetAsync("/metrics");
        foreach (var name in new[]
        {
            "meridian_wsrep_local_send_queue_length", "meridian_wsrep_local_recv_queue_length", "meridian_wsrep_local_cert_failures_total",
            "meridian_wsrep_local_bf_aborts_total", "meridian_wsrep_local_commits_total", "meridian_wsrep_replicated_bytes_total",
            "meridian_wsrep_received_bytes_total", "meridian_wsrep_flow_control_paused_seconds_total", "meridian_wsrep_flow_control_sent_total",
            "meridian_wsrep_flow_control_recv_total", "meridian_wsrep_flow_control_paused_ratio",
        })
        {
            Assert.Matches($@"(?m)^{name}\{{node=""{scraped.Host.Name}"",region=""{scraped.Host.Region}""\}} [0-9.eE+-]+$", metrics);
        }

        // The app writes above went through node 0: its replicated bytes and local commits are counted (within a poll,
        // since the agent serves what it read last).
        await WaitUntilAsync(
            async () =>
            {
                metrics = await scraped.HttpGetAsync("/metrics");
                return MetricValue(metrics, "meridian_wsrep_replicated_bytes_total") > 0 && MetricValue(metrics, "meridian_wsrep_local_commits_total") >= 1;
            },
            TimeSpan.FromSeconds(5));
        var probesBefore = MetricValue(metrics, "meridian_commit_probe_duration_seconds_count");
        var probeWatch = Stopwatch.StartNew();
        await WaitUntilAsync(async () => MetricValue(await scraped.HttpGetAsync("/metrics"), "meridian_commit_probe_duration_seconds_count") >= probesBefore + 3, TimeSpan.FromSeconds(20));
        metrics = await scraped.HttpGetAsync("/metrics");
        var probes = MetricValue(metrics, "meridian_commit_probe_duration_seconds_count");
        var meanProbe = MetricValue(metrics, "meridian_commit_probe_duration_seconds_sum") / probes;
        output.WriteLine($"{scraped}: commit probes {probesBefore} → {probes} in {probeWatch.Elapsed.TotalSeconds:F1} s, mean {meanProbe * 1000:F1} ms, failures {MetricValue(metrics, "meridian_commit_probe_failures_total")}");
        Assert.Equal(0, MetricValue(metrics, "meridian_commit_probe_failures_total"));
        Assert.Equal(probes, MetricValue(metrics, "meridian_commit_probe_duration_seconds_bucket", "le=\"+Inf\""));

        // Three regions at 30/60/90 ms RTT: a replicated commit takes at least the ring's floor, far below 5 s.
        Assert.InRange(meanProbe, 0.02, 2.5);
        Assert.Equal(
            string.Join('\n', _nodes.Select(n => n.Host.Name).Order(StringComparer.Ordinal)),
            (await _nodes[1].QueryAsync("SET SESSION wsrep_sync_wait = 1; SELECT node FROM meridian.commit_probe ORDER BY node"))?.Trim());

        // The node report carries the queues and certification failures for `status` and the dashboard.
        var reports = await coordinator.ListNodesAsync(CancellationToken.None);
        Assert.All(reports, r => Assert.True(r.SendQueue is >= 0 && r.ReceiveQueue is >= 0 && r.CertificationFailures is >= 0, r.ToString()));

        // When: mariadbd on the last node is killed with SIGKILL.
        var victim = _nodes[^1];
        var killed = victim.Mariadbd()!;
        var errorLogOffset = new FileInfo(victim.ErrorLog).Length;
        Assert.NotNull(await _nodes[0].QueryAsync("INSERT INTO app.t VALUES (2, 'before kill')"));
        Signals.Send(killed, Signals.SigKill);
        Assert.NotNull(await _nodes[0].QueryAsync("INSERT INTO app.t VALUES (3, 'while down')"));
        var restartWatch = Stopwatch.StartNew();

        // Then: its agent restarts it, it rejoins by IST (not SST) and the cluster is 3/3 Synced again.
        await WaitForSyncedAsync(_nodes.Count, FormationBound, mustNotBe: killed);
        output.WriteLine($"kill -9 mariadbd → 3/3 Synced: {restartWatch.Elapsed.TotalSeconds:F1} s");
        var afterKill = await ReadFromAsync(victim.ErrorLog, errorLogOffset);
        var ist = IstReceiver().Match(afterKill);
        Assert.True(ist.Success, "no IST receiver after the restart");
        Assert.NotEqual("0", ist.Groups["first"].Value);
        Assert.Contains("Running IST", afterKill, StringComparison.Ordinal);
        Assert.Equal("while down", (await victim.QueryAsync("SET SESSION wsrep_sync_wait = 1; SELECT v FROM app.t WHERE id = 3"))?.Trim());

        // When: an agent is killed with SIGKILL. Then: its node keeps serving.
        var orphan = _nodes[1];
        var orphanDb = orphan.Mariadbd()!;
        orphan.KillAgent();
        await Task.Delay(2000);
        Assert.True(orphanDb.IsAlive);
        Assert.Equal("Synced", (await orphan.StatusAsync())?.LocalStateComment);

        // When: the agent is started again. Then: it adopts the running mariadbd (same process) and serves health.
        orphan.StartAgent();
        await WaitUntilAsync(async () => (await orphan.HttpGetAsync("/")).Contains("200 OK", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        Assert.Contains($"adopted running mariadbd pid {orphanDb.Pid}", await File.ReadAllTextAsync(orphan.AgentLog), StringComparison.Ordinal);
        Assert.Equal(orphanDb, orphan.Mariadbd());

        // The budget is 60 MB RSS per agent. The Native AOT agent measures about 40 MiB in a running lab, 22-38 MiB here
        // (docs/agent.md, "Memory"); the JIT build measured 72-75 MiB, so this bound also catches a JIT agent slipping in.
        foreach (var node in _nodes)
        {
            var memory = node.AgentMemory();
            Assert.NotNull(memory);
            output.WriteLine($"{node}: agent RSS {memory.Value.Rss / (1024.0 * 1024):F1} MiB, PSS {memory.Value.Pss / (1024.0 * 1024):F1} MiB");
            Assert.InRange(memory.Value.Rss, 1, 60L * 1024 * 1024);
        }

        // When: SIGTERM to every agent. Then: each stops its mariadbd and exits.
        var stopping = _nodes.Select(n => (Node: n, Db: n.Mariadbd()!)).ToList();
        await Task.WhenAll(_nodes.Select(n => n.StopAgentAsync()));
        Assert.All(stopping, s => Assert.False(s.Db.IsAlive, $"{s.Node}: mariadbd still runs after the agent's SIGTERM"));
    }

    /// <summary>With MERIDIAN_KEEP_LOGS=1, copies each node's log directory to /tmp/mrd-agent-logs before the lab is removed.</summary>
    private void KeepLogs()
    {
        if (Environment.GetEnvironmentVariable("MERIDIAN_KEEP_LOGS") != "1")
        {
            return;
        }

        var target = Path.Combine("/tmp", "mrd-agent-logs");
        if (Directory.Exists(target))
        {
            Directory.Delete(target, recursive: true);
        }

        foreach (var node in _nodes.Where(n => Directory.Exists(n.Layout.LogDir)))
        {
            var destination = Directory.CreateDirectory(Path.Combine(target, node.Host.Name)).FullName;
            foreach (var file in Directory.EnumerateFiles(node.Layout.LogDir))
            {
                File.Copy(file, Path.Combine(destination, Path.GetFileName(file)), overwrite: true);
            }
        }
    }

    /// <summary>The value of the one sample of <paramref name="name"/> whose labels contain <paramref name="label"/>; fails if none.</summary>
    private static double MetricValue(string metrics, string name, string label = "")
    {
        var line = metrics.Split('\n').FirstOrDefault(l => l.StartsWith(name + "{", StringComparison.Ordinal) && l.Contains(label, StringComparison.Ordinal));
        Assert.True(line is not null, $"no {name} {label} sample in:\n{metrics}");
        return double.Parse(line[(line.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"Prepared IST receiver for (?<first>-?\d+)-(?<last>\d+)")]
    private static partial Regex IstReceiver();

    private async Task WaitForSyncedAsync(int size, TimeSpan bound, ProcessIdentity? mustNotBe = null)
    {
        await WaitUntilAsync(
            async () =>
            {
                foreach (var node in _nodes)
                {
                    var status = await node.StatusAsync();
                    if (status is not { IsSynced: true, IsPrimary: true, Ready: true } || status.ClusterSize != size || (mustNotBe is not null && node.Mariadbd() == mustNotBe))
                    {
                        return false;
                    }
                }

                return true;
            },
            bound);
    }

    private async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan bound)
    {
        var watch = Stopwatch.StartNew();
        while (!await condition())
        {
            if (watch.Elapsed > bound)
            {
                foreach (var node in _nodes)
                {
                    output.WriteLine($"--- {node} agent.log\n{(File.Exists(node.AgentLog) ? await File.ReadAllTextAsync(node.AgentLog) : "(none)")}");
                    output.WriteLine($"--- {node} error.log (tail)\n{(File.Exists(node.ErrorLog) ? string.Join('\n', (await File.ReadAllLinesAsync(node.ErrorLog)).TakeLast(30)) : "(none)")}");
                }

                throw new TimeoutException($"condition not met within {bound}");
            }

            await Task.Delay(250);
        }
    }

    private static async Task<string> ReadFromAsync(string path, long offset)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        stream.Seek(offset, SeekOrigin.Begin);
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync();
    }
}
