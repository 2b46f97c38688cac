using System.Text.Json;
using Meridian.Runtime.Fabric;
using Meridian.Runtime.Processes;
using Xunit.Abstractions;

namespace Meridian.Integration.Tests.Lab;

/// <summary>
/// The smallest full lab the spec allows: two regions (a, b; 20 ms) with one Galera node each, its own short cluster
/// name, its own state root under /tmp and the endpoint range <see cref="EndpointPort"/>, driven through the real
/// `meridian` binary. <see cref="DisposeAsync"/> runs `meridian down` and deletes leftovers even after a failure.
/// </summary>
internal sealed class TwoRegionLab(ITestOutputHelper output, string prefix, int endpointPort) : IAsyncDisposable
{
    public string Cluster { get; } = prefix + Guid.NewGuid().ToString("N")[..4];

    public string StateRoot { get; } = Path.Combine("/tmp", "m2-" + Guid.NewGuid().ToString("N")[..6]);

    public string Spec => Path.Combine(StateRoot, "spec.yaml");

    public int EndpointPort { get; private set; } = endpointPort;

    public int[] ExpectedPorts => [EndpointPort, EndpointPort + 1];

    /// <summary>
    /// (Re)writes the spec with <paramref name="port"/> as endpoints.port and <paramref name="extra"/> (top-level
    /// sections, e.g. a `database:` block) appended; `up` reads it.
    /// </summary>
    public void WriteSpec(int? port = null, string extra = "")
    {
        EndpointPort = port ?? EndpointPort;
        Directory.CreateDirectory(StateRoot);
        File.WriteAllText(Spec, $"""
            cluster: {Cluster}
            regions:
              - name: a
                cidr: 192.168.91.0/24
              - name: b
                cidr: 192.168.92.0/24
            wan:
              rtt:
                a~b: 20ms
            endpoints:
              port: {EndpointPort}

            """ + extra);
    }

    public Task<CommandResult> UpAsync()
    {
        if (!File.Exists(Spec))
        {
            WriteSpec();
        }

        return RunAsync("up", Spec);
    }

    public async Task<LabLogin> CredentialsAsync()
    {
        var result = await RunAsync("credentials", Spec, "--format", "json");
        Assert.Equal(0, result.ExitCode);
        return LabLogin.Parse(result.StandardOutput);
    }

    /// <summary>The endpoints as `status --format json` reports them: (listen address, listening) per region.</summary>
    public async Task<List<(string Listen, bool Listening)>> EndpointStatusAsync()
    {
        var result = await RunAsync("status", Spec, "--format", "json");
        Assert.Equal(0, result.ExitCode);
        using var document = JsonDocument.Parse(result.StandardOutput);
        return [.. document.RootElement.GetProperty("endpoints").EnumerateArray().Select(e => (e.GetProperty("listen").GetString()!, e.GetProperty("listening").GetBoolean()))];
    }

    public Task<CommandResult> DownAsync() => RunAsync("down", Spec);

    public Task<CommandResult> RunAsync(params string[] args) => new MeridianBinary(StateRoot, output).RunAsync(TimeSpan.FromSeconds(300), args);

    public async ValueTask DisposeAsync()
    {
        if (!File.Exists(Spec))
        {
            return;
        }

        await DownAsync();
        await LocalFabric.DeleteLeftoverNamespacesAsync(ProcessCommandRunner.Instance, Cluster);
        Directory.Delete(StateRoot, recursive: true);
    }
}
