using System.Globalization;
using System.Text.Json;
using Meridian.Integration.Tests.Fabric;
using Meridian.Integration.Tests.Lab;
using Meridian.Runtime.Fabric;
using Meridian.Runtime.Processes;
using Xunit.Abstractions;

namespace Meridian.Integration.Tests.Chaos;

/// <summary>
/// A three-region lab (a, b, c; RTTs 30/60/90 ms) driven through the real `meridian` binary, with its own short cluster
/// name, its own endpoint range (<paramref name="endpointPort"/>, one of <see cref="LabEndpointPorts"/>) and a state root
/// under /tmp. <see cref="DisposeAsync"/> runs `meridian down` and deletes leftovers even after a failure.
/// </summary>
public sealed class ChaosLab(ITestOutputHelper output, string prefix, int endpointPort) : IAsyncDisposable
{
    public static readonly TimeSpan SyncTimeout = TimeSpan.FromSeconds(120);

    public string Cluster { get; } = prefix + Guid.NewGuid().ToString("N")[..5];

    public string StateRoot { get; } = Path.Combine("/tmp", "mc-" + Guid.NewGuid().ToString("N")[..6]);

    public string Spec => Path.Combine(StateRoot, "spec.yaml");

    public string HostDirectory(string host) => Path.Combine(StateRoot, Cluster, "hosts", host);

    public async Task UpAsync()
    {
        RootRequirement.Ensure();
        await LabEndpointPorts.WaitUntilFreeAsync(endpointPort, 3, output);
        Directory.CreateDirectory(StateRoot);
        await File.WriteAllTextAsync(Spec, $"""
            cluster: {Cluster}
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
            database:
              name: shop
              user: shopper
            endpoints:
              port: {endpointPort}
            """);
        var up = await RunAsync("up", Spec);
        Assert.Equal(0, up.ExitCode);
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

    public async Task WaitAllSyncedAsync()
    {
        var deadline = DateTime.UtcNow + SyncTimeout;
        while (true)
        {
            var nodes = await NodesAsync();
            if (nodes.Count == 3 && nodes.Values.All(n => n.Ready && n.Status == "Primary" && n.Size == 3))
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"not 3/3 Synced within {SyncTimeout.TotalSeconds} s: {string.Join(", ", nodes.Select(n => $"{n.Key}={n.Value}"))}");
            await Task.Delay(1000);
        }
    }

    /// <summary>The login `credentials` prints; its ports must be this lab's range, never the default 3306.</summary>
    public async Task<LabLogin> CredentialsAsync()
    {
        var result = await RunAsync("credentials", Spec, "--format", "json");
        Assert.Equal(0, result.ExitCode);
        var login = LabLogin.Parse(result.StandardOutput);
        Assert.Equal([endpointPort, endpointPort + 1, endpointPort + 2], login.Ports.AsEnumerable());
        return login;
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
