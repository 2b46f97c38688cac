using System.Globalization;
using System.Text.Json;
using Meridian.Integration.Tests.Fabric;
using Meridian.Integration.Tests.Lab;
using Meridian.Core.Planning;
using Meridian.Core.Spec;
using Meridian.Runtime.Fabric;
using Meridian.Runtime.Lab;
using Meridian.Runtime.Processes;
using Xunit.Abstractions;

namespace Meridian.Integration.Tests.Chaos;

/// <summary>
/// A three-region lab (a, b, c; RTTs 30/60/90 ms, or the regions and WAN a test passes) driven through the real `meridian`
/// binary, with its own short cluster name, its own endpoint range (<paramref name="endpointPort"/>, one of
/// <see cref="LabEndpointPorts"/>) and a state root under /tmp. <see cref="DisposeAsync"/> runs `meridian down` and
/// deletes leftovers even after a failure.
/// </summary>
/// <param name="topology">The spec's `regions:` and `wan:` blocks, or null for the default a, b, c with a node each.</param>
/// <param name="dataNodes">Galera data nodes the topology has.</param>
/// <param name="members">wsrep_cluster_size when all are in: data nodes plus arbitrators.</param>
public sealed class ChaosLab(ITestOutputHelper output, string prefix, int endpointPort, string? topology = null, int dataNodes = 3, int members = 3) : IAsyncDisposable
{
    private static readonly string[] MembershipLines =
        ["suspect", "declaring inactive", "New COMPONENT", "view(view_id", "Received NON-PRIMARY", "install timer expired", "partitioning", "forgetting"];

    private const string DefaultTopology = """
        regions:
          - name: a
            cidr: 192.168.81.0/24
          - name: b
            cidr: 192.168.82.0/24
          - name: c
            cidr: 192.168.83.0/24
        wan:
          rtt:
            a~b: 30ms
            a~c: 60ms
            b~c: 90ms
        """;

    public static readonly TimeSpan SyncTimeout = TimeSpan.FromSeconds(120);

    public string Cluster { get; } = prefix + Guid.NewGuid().ToString("N")[..5];

    public string StateRoot { get; } = Path.Combine("/tmp", "mc-" + Guid.NewGuid().ToString("N")[..6]);

    public string Spec => Path.Combine(StateRoot, "spec.yaml");

    public string HostDirectory(string host) => Path.Combine(StateRoot, Cluster, "hosts", host);

    /// <summary>The output of the last <see cref="UpAsync"/>: it prints how to connect.</summary>
    public CommandResult? LastUp { get; private set; }

    /// <summary>Writes the spec (extra lines under <c>database:</c>, e.g. "requireTls: false") and runs `up` until all are Synced.</summary>
    public async Task UpAsync(string databaseSettings = "")
    {
        RootRequirement.Ensure();
        if (LastUp is null)
        {
            // Only before the first up: a re-up (a changed spec) finds the ports held by this lab's own forwarders.
            await LabEndpointPorts.WaitUntilFreeAsync(endpointPort, 3, output);
        }

        Directory.CreateDirectory(StateRoot);
        await File.WriteAllTextAsync(Spec, $"cluster: {Cluster}\n{topology ?? DefaultTopology}\n" + $"""
            database:
              name: shop
              user: shopper
            {databaseSettings}
            endpoints:
              port: {endpointPort}
            """);
        var up = await RunAsync("up", Spec);
        LastUp = up;
        Assert.True(up.ExitCode == 0, up.StandardOutput + up.StandardError);
        await WaitAllSyncedAsync();
    }

    /// <summary>Each node's (state, status, size) as its agent reports it, by node name.</summary>
    public async Task<Dictionary<string, (string State, string Status, int Size, bool Ready)>> NodesAsync()
    {
        var result = await RunAsync("status", Spec, "--format", "json");
        if (result.ExitCode != 0)
        {
            return [];
        }

        using var document = JsonDocument.Parse(result.StandardOutput);
        return document.RootElement.GetProperty("galera").EnumerateArray().ToDictionary(
            n => n.GetProperty("node").GetString()!,
            n => (n.GetProperty("state").GetString()!, n.GetProperty("clusterStatus").GetString()!, n.GetProperty("clusterSize").GetInt32(), n.GetProperty("ready").GetBoolean()));
    }

    /// <summary>
    /// Until every data node is Synced in one full Primary. With <paramref name="restarted"/> (mariadbds just killed),
    /// also until every node serves a new mariadbd: right after a kill the reports are up to a second old and still
    /// say Synced. Polled every half second, so recovery times read from it are that precise.
    /// </summary>
    public async Task WaitAllSyncedAsync(IReadOnlyList<ProcessIdentity>? restarted = null, TimeSpan? timeout = null)
    {
        var bound = timeout ?? SyncTimeout;
        var deadline = DateTime.UtcNow + bound;
        while (true)
        {
            var nodes = await NodesAsync();
            if (nodes.Count == dataNodes && nodes.Values.All(n => n.Ready && n.Status == "Primary" && n.Size == members)
                && (restarted is null || nodes.Keys.All(n => IsServing(n) && !restarted.Contains(MariadbdOf(n)))))
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"not {dataNodes} nodes Synced in a Primary of {members} within {bound.TotalSeconds} s: {string.Join(", ", nodes.Select(n => $"{n.Key}={n.Value}"))}");
            await Task.Delay(500);
        }
    }

    /// <summary>
    /// Until every tunnel's SAs are up again (`status`, pairs[].up) and every Galera member (mariadbd and garbd) reaches
    /// every other directly. After a healed isolation gcomm re-links the returning node one peer at a time and meanwhile
    /// relays through a node that reaches both ("turning message relay requesting on"; measured: still on 10 s after the
    /// Primary of 3 re-formed). Cutting the relay's region then cuts the survivors from each other too: each goes
    /// non-Primary alone, and Galera re-forms a Primary from non-Primary members only when every member of the last
    /// Primary is back (`is_prim` in https://github.com/codership/galera/blob/4.x/gcomm/src/pc_proto.cpp).
    /// </summary>
    public async Task WaitWholeMeshAsync(TimeSpan timeout)
    {
        using var _ = await new MeridianBinary(StateRoot, output).UntilJsonAsync(
            root => root.GetProperty("pairs").EnumerateArray().All(p => p.GetProperty("up").GetBoolean()),
            timeout,
            TimeSpan.FromSeconds(1),
            "not every tunnel up",
            "status", Spec, "--format", "json");
        var deadline = DateTime.UtcNow + timeout;
        while (GaleraLogsRelaying() is { Count: > 0 } relaying)
        {
            Assert.True(DateTime.UtcNow < deadline, $"Galera still relays within {timeout.TotalSeconds} s: {string.Join(", ", relaying)}");
            await Task.Delay(500);
        }
    }

    /// <summary>The Galera logs whose last relay line turned relaying on (a restart, "Start replication", starts afresh).</summary>
    private List<string> GaleraLogsRelaying()
    {
        var hosts = Path.Combine(StateRoot, Cluster, "hosts");
        return [.. Directory.EnumerateFiles(hosts, "*.log", SearchOption.AllDirectories)
            .Where(f => Path.GetFileName(f) is "error.log" or "garbd.log")
            .Where(f => File.ReadLines(f).LastOrDefault(l => l.Contains("message relay requesting", StringComparison.Ordinal) || l.Contains("Start replication", StringComparison.Ordinal)) is { } last
                        && last.Contains("message relay requesting on", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(hosts, f))];
    }

    /// <summary>
    /// Until `recover` judges WaitForMoreInformation for lack of <paramref name="missing"/> and the agents of
    /// <paramref name="waiting"/> say recovery-waiting (docs/recovery.md): each agent first waits <c>RejoinPatience</c>
    /// and runs --wsrep-recover.
    /// </summary>
    public async Task WaitForRecoveryWaitingAsync(string missing, IReadOnlyList<string> waiting, TimeSpan timeout)
    {
        using var document = await new MeridianBinary(StateRoot, output).UntilJsonAsync(
            root =>
            {
                var decision = root.GetProperty("decision");
                var agents = root.GetProperty("nodes").EnumerateArray()
                    .ToDictionary(n => n.GetProperty("node").GetString()!, n => n.TryGetProperty("agent", out var a) ? a.GetString() : null, StringComparer.Ordinal);
                return decision.GetProperty("kind").GetString() == "WaitForMoreInformation"
                    && decision.GetProperty("detail").GetString()!.Contains(missing, StringComparison.Ordinal)
                    && waiting.All(n => agents.GetValueOrDefault(n) == "recovery-waiting");
            },
            timeout,
            TimeSpan.FromSeconds(1),
            $"recovery not waiting for {missing}",
            "recover", Spec, "--format", "json");
    }

    /// <summary>The login `credentials` prints; its ports must be this lab's range, never the default 3306.</summary>
    public async Task<LabLogin> CredentialsAsync()
    {
        var result = await RunAsync("credentials", Spec, "--format", "json");
        Assert.Equal(0, result.ExitCode);
        var login = LabLogin.Parse(result.StandardOutput);
        var regions = Planner.Plan(SpecLoader.LoadFile(Spec).Spec!).Regions.Length;
        Assert.Equal(Enumerable.Range(endpointPort, regions), login.Ports.AsEnumerable());
        return login;
    }

    public ProcessIdentity MariadbdOf(string node)
    {
        var pid = int.Parse(File.ReadAllText(Path.Combine(HostDirectory(node), "run", "mariadbd.pid")).Trim(), CultureInfo.InvariantCulture);
        return ProcessIdentity.TryRead(pid) ?? throw new InvalidOperationException($"mariadbd {pid} of {node} is not running");
    }

    /// <summary>
    /// A serving mariadbd: the pid-file's process, unless it is the agent's short `mariadbd --wsrep-recover` run, which
    /// writes the same pid-file (https://mariadb.com/kb/en/mariadbd-options/#-wsrep-recover).
    /// </summary>
    public bool IsServing(string node)
    {
        var pidFile = Path.Combine(HostDirectory(node), "run", "mariadbd.pid");
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

    /// <summary>The node's agent as the lab's state file records it.</summary>
    public ProcessIdentity AgentOf(string node) =>
        new LabStateStore(Path.Combine(StateRoot, Cluster, "state.json")).Load()!.Processes.Single(p => p.Name == "agent" && p.Host == node).Identity;

    /// <summary>The node's planned host (namespace and LAN address), from the spec as `up` planned it.</summary>
    public HostPlan Host(string node) => Planner.Plan(SpecLoader.LoadFile(Spec).Spec!).Host(node);

    /// <summary>The agent's health answer (status line and body) from inside the node's namespace, or "" if it did not answer.</summary>
    public async Task<string> HealthAsync(string node)
    {
        var host = Host(node);
        var script = $"exec 3<>/dev/tcp/{host.LanAddress}/9200 && printf 'GET / HTTP/1.0\\r\\n\\r\\n' >&3 && cat <&3";
        var result = await ProcessCommandRunner.Instance.RunAsync(
            NamespaceCommands.InNamespace(host.Namespace, "bash", "-c", script).AllowingFailure().WithTimeout(TimeSpan.FromSeconds(5)));
        return result.StandardOutput;
    }

    /// <summary>SQL as root over the node's own unix socket (not through an endpoint), or null if it does not answer.</summary>
    public async Task<string?> SocketQueryAsync(string node, string sql)
    {
        var socket = Path.Combine(HostDirectory(node), "run", "mysqld.sock");
        if (!File.Exists(socket))
        {
            return null;
        }

        var result = await ProcessCommandRunner.Instance.RunAsync(
            CommandRequest.Of("mariadb", "--no-defaults", $"--socket={socket}", "--user=root", "-N", "-B").WithStandardInput(sql).AllowingFailure().WithTimeout(TimeSpan.FromSeconds(30)));
        return result.Succeeded ? result.StandardOutput.Trim() : null;
    }

    public Task<CommandResult> RunAsync(params string[] args) => new MeridianBinary(StateRoot, output).RunAsync(TimeSpan.FromSeconds(400), args);

    public Task<CommandResult> RunWithInputAsync(string standardInput, params string[] args) => new MeridianBinary(StateRoot, output).RunWithInputAsync(TimeSpan.FromSeconds(400), standardInput, args);

    public async ValueTask DisposeAsync()
    {
        if (!File.Exists(Spec))
        {
            return;
        }

        // The last lines of every agent, mariadbd and garbd log: a failed recovery test then says what the agents
        // decided. Galera's membership lines (suspicions, views, components) come first, since a view that went wrong
        // is usually more than 25 lines back.
        var hosts = Path.Combine(StateRoot, Cluster, "hosts");
        foreach (var log in (Directory.Exists(hosts) ? Directory.EnumerateFiles(hosts, "*.log", SearchOption.AllDirectories) : [])
                     .Where(f => Path.GetFileName(f) is "agent.log" or "error.log" or "garbd.log").Order(StringComparer.Ordinal))
        {
            var lines = File.ReadLines(log).ToList();
            if (Path.GetFileName(log) is not "agent.log")
            {
                var membership = lines.Where(l => MembershipLines.Any(m => l.Contains(m, StringComparison.Ordinal))).TakeLast(40);
                output.WriteLine($"--- {Path.GetRelativePath(StateRoot, log)} (membership lines)\n{string.Join('\n', membership)}");
            }

            output.WriteLine($"--- {Path.GetRelativePath(StateRoot, log)} (last 25 lines)\n{string.Join('\n', lines.TakeLast(25))}");
        }

        await RunAsync("down", Spec);
        await LocalFabric.DeleteLeftoverNamespacesAsync(ProcessCommandRunner.Instance, Cluster);
        Directory.Delete(StateRoot, recursive: true);
    }
}
