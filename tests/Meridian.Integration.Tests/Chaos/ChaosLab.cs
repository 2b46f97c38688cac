using System.Globalization;
using System.Text.Json;
using Meridian.Integration.Tests.Fabric;
using Meridian.Integration.Tests.Lab;
using Meridian.Runtime.Fabric;
using Meridian.Runtime.Processes;
using Xunit.Abstractions;

namespace Meridian.Integration.Tests.Chaos;

/// <summary>
/// A three-region lab (a, b, c; RTTs 30/60/90 ms, or the regions and WAN a test passes) driven through the real `meridian`
/// binary, with its own short cluster name and a state root under /tmp. <see cref="DisposeAsync"/> runs `meridian down`
/// and deletes leftovers even after a failure.
/// </summary>
/// <param name="topology">The spec's `regions:` and `wan:` blocks, or null for the default a, b, c with a node each.</param>
/// <param name="dataNodes">Galera data nodes the topology has.</param>
/// <param name="members">wsrep_cluster_size when all are in: data nodes plus arbitrators.</param>
public sealed class ChaosLab(ITestOutputHelper output, string prefix, string? topology = null, int dataNodes = 3, int members = 3) : IAsyncDisposable
{
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

    public async Task UpAsync()
    {
        RootRequirement.Ensure();
        await WaitForFreeEndpointPortsAsync();
        Directory.CreateDirectory(StateRoot);
        await File.WriteAllTextAsync(Spec, $"cluster: {Cluster}\n{topology ?? DefaultTopology}\n" + """
            database:
              name: shop
              user: shopper
            """);
        var up = await RunAsync("up", Spec);
        Assert.Equal(0, up.ExitCode);
        await WaitAllSyncedAsync();
    }

    /// <summary>
    /// Every lab binds 127.0.0.1:3306–3308, and other suites (or another worktree's) may hold them for a while on a shared
    /// machine: wait, bounded, instead of failing on a port conflict.
    /// </summary>
    private static async Task WaitForFreeEndpointPortsAsync()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(10);
        while (System.Net.NetworkInformation.IPGlobalProperties.GetIPGlobalProperties().GetActiveTcpListeners().Any(e => e.Port is >= 3306 and <= 3308))
        {
            Assert.True(DateTime.UtcNow < deadline, "127.0.0.1:3306-3308 stayed in use for 10 minutes");
            await Task.Delay(2000);
        }
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

    public async Task WaitAllSyncedAsync()
    {
        var deadline = DateTime.UtcNow + SyncTimeout;
        while (true)
        {
            var nodes = await NodesAsync();
            if (nodes.Count == dataNodes && nodes.Values.All(n => n.Ready && n.Status == "Primary" && n.Size == members))
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"not {dataNodes} nodes Synced in a Primary of {members} within {SyncTimeout.TotalSeconds} s: {string.Join(", ", nodes.Select(n => $"{n.Key}={n.Value}"))}");
            await Task.Delay(1000);
        }
    }

    public async Task<LabLogin> CredentialsAsync()
    {
        var result = await RunAsync("credentials", Spec, "--format", "json");
        Assert.Equal(0, result.ExitCode);
        return LabLogin.Parse(result.StandardOutput);
    }

    public ProcessIdentity MariadbdOf(string node)
    {
        var pid = int.Parse(File.ReadAllText(Path.Combine(HostDirectory(node), "run", "mariadbd.pid")).Trim(), CultureInfo.InvariantCulture);
        return ProcessIdentity.TryRead(pid) ?? throw new InvalidOperationException($"mariadbd {pid} of {node} is not running");
    }

    public Task<CommandResult> RunAsync(params string[] args) => new MeridianBinary(StateRoot, output).RunAsync(TimeSpan.FromSeconds(400), args);

    public async ValueTask DisposeAsync()
    {
        if (!File.Exists(Spec))
        {
            return;
        }

        await RunAsync("down", Spec);
        await LocalFabric.DeleteLeftoverNamespacesAsync(ProcessCommandRunner.Instance, Cluster);
        Directory.Delete(StateRoot, recursive: true);
    }
}
