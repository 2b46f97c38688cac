using System.Collections.Immutable;
using System.Text.Json;
using Meridian.Core.Planning;
using Meridian.Integration.Tests.Fabric;
using Meridian.Runtime.Fabric;
using Meridian.Runtime.Lab;
using Meridian.Runtime.Processes;
using Xunit.Abstractions;

namespace Meridian.Integration.Tests.Lab;

/// <summary>
/// The real `meridian` binary end to end: up (network layer) with non-default RTTs, status, wan cut/heal, a second up,
/// then down after the supervisor was killed with SIGKILL. Nothing of the cluster may be left.
/// </summary>
[Collection(RunsAlone.Name)]
public sealed class LabLifecycleTests(ITestOutputHelper output)
{
    private readonly string cluster = "l" + Guid.NewGuid().ToString("N")[..5];
    private readonly string stateRoot = Path.Combine("/tmp", "ml-" + Guid.NewGuid().ToString("N")[..6]);

    [Fact]
    public async Task Given_a_spec_When_up_cut_heal_up_and_down_after_a_supervisor_kill_Then_everything_works_and_nothing_is_left()
    {
        RootRequirement.Ensure();
        var spec = WriteSpec();
        try
        {
            Assert.Equal(0, (await Meridian("up", spec, "--until", "network")).ExitCode);
            var statePath = Path.Combine(stateRoot, cluster, "state.json");
            var supervisor = Supervisor(statePath);

            var status = await StatusAsync(spec);
            foreach (var (pair, configured) in new[] { ("a~b", 40.0), ("a~c", 80.0), ("b~c", 120.0) })
            {
                var row = status.Single(p => p.GetProperty("pair").GetString() == pair);
                Assert.True(row.GetProperty("up").GetBoolean(), $"{pair} tunnel is down: {row}");
                var measured = row.GetProperty("measuredRttMs").GetDouble();
                output.WriteLine($"{pair}: configured {configured} ms, measured through the tunnel {measured} ms");
                // IPsec in userspace adds about 0.7 ms per round trip on top of the hub's delay (docs/lab-notes.md#network-and-vpn).
                Assert.InRange(measured, configured - 2, (configured * 1.03) + 4);
            }

            Assert.Equal(0, (await Meridian("wan", "cut", "a~b", "--spec", spec)).ExitCode);
            Assert.False(await RoutersPingAsync("a", "b"));
            Assert.True(await RoutersPingAsync("a", "c"));
            Assert.Equal(0, (await Meridian("wan", "heal", "a~b", "--spec", spec)).ExitCode);
            var healed = DateTime.UtcNow;
            while (!await RoutersPingAsync("a", "b"))
            {
                Assert.True(DateTime.UtcNow - healed < TimeSpan.FromSeconds(10), "a~b did not come back within 10 s of heal");
            }

            var again = await Meridian("up", spec, "--until", "network");
            Assert.Equal(0, again.ExitCode);
            Assert.Equal(supervisor, Supervisor(statePath));

            Assert.True(Signals.Send(supervisor, Signals.SigKill));
            var recorded = new LabStateStore(statePath).Load()!;
            Assert.Equal(0, (await Meridian("down", spec)).ExitCode);

            Assert.Empty(await LocalFabric.FindLeftoverNamespacesAsync(ProcessCommandRunner.Instance, cluster));
            Assert.All(recorded.Processes, p => Assert.False(p.Identity.IsAlive, $"{p.Name} on {p.Host} still runs"));
            Assert.False(Directory.Exists(Path.Combine(stateRoot, cluster)));
            Assert.Equal(0, (await Meridian("down", spec)).ExitCode);
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
                cidr: 192.168.41.0/24
              - name: b
                cidr: 192.168.42.0/24
              - name: c
                cidr: 192.168.43.0/24
            wan:
              rtt:
                a~b: 40ms
                a~c: 80ms
                b~c: 120ms
            """);
        return path;
    }

    private static ProcessIdentity Supervisor(string statePath)
    {
        var state = new LabStateStore(statePath).Load()!;
        return state.Processes.Single(p => p.Name == "supervisor").Identity;
    }

    private async Task<ImmutableArray<JsonElement>> StatusAsync(string spec)
    {
        var result = await Meridian("status", spec, "--format", "json");
        Assert.Equal(0, result.ExitCode);
        using var document = JsonDocument.Parse(result.StandardOutput);
        return [.. document.RootElement.GetProperty("pairs").EnumerateArray().Select(e => e.Clone())];
    }

    /// <summary>Router LAN to router LAN: the path goes through the tunnel, so it needs the WAN link and the SAs.</summary>
    private async Task<bool> RoutersPingAsync(string from, string to)
    {
        var lan = (string region) => $"192.168.4{region[0] - 'a' + 1}.10";
        var result = await ProcessCommandRunner.Instance.RunAsync(
            CommandRequest.Of("ip", "netns", "exec", Planner.NamespaceName(cluster, Planner.RouterName(from)), "ping", "-n", "-q", "-c", "2", "-i", "0.2", "-W", "1", "-I", lan(from), lan(to)).AllowingFailure());
        return result.ExitCode == 0;
    }

    private Task<CommandResult> Meridian(params string[] args) => new MeridianBinary(stateRoot, output).RunAsync(TimeSpan.FromSeconds(120), args);
}
