using System.Text.Json;
using Meridian.Integration.Tests.Fabric;
using Meridian.Integration.Tests.Lab;
using Meridian.Runtime.Fabric;
using Meridian.Runtime.Processes;
using Xunit.Abstractions;

namespace Meridian.Integration.Tests.Bench;

/// <summary>
/// `meridian bench wan` end to end on a small, fast matrix (20/30/40 ms): the real lab, real sysbench, real WAN hub
/// counters. Short runs, so the figures are only checked against physics: no commit beats the floor F, no client
/// count beats N / F, and the WAN carried bytes for every committed transaction. Afterwards no lab is left.
/// </summary>
[Collection(RunsAlone.Name)]
public sealed class WanBenchTests(ITestOutputHelper output)
{
    private readonly string prefix = "w" + Guid.NewGuid().ToString("N")[..5];
    private readonly string stateRoot = Path.Combine("/tmp", "mw-" + Guid.NewGuid().ToString("N")[..6]);

    [Fact]
    public async Task Given_a_spec_When_bench_wan_runs_Then_it_writes_md_json_svg_within_physical_bounds_and_leaves_no_lab()
    {
        RootRequirement.Ensure();
        Directory.CreateDirectory(stateRoot);
        var spec = Path.Combine(stateRoot, "spec.yaml");
        await LabEndpointPorts.WaitUntilFreeAsync(LabEndpointPorts.WanBench, 3, output);
        await File.WriteAllTextAsync(spec, $"""
            cluster: benchspec
            regions:
              - name: a
                cidr: 192.168.71.0/24
              - name: b
                cidr: 192.168.72.0/24
              - name: c
                cidr: 192.168.73.0/24
            wan:
              rtt:
                a~b: 20ms
                a~c: 40ms
                b~c: 30ms
            endpoints:
              port: {LabEndpointPorts.WanBench}
            """);
        var results = Path.Combine(stateRoot, "results");
        try
        {
            var run = await new MeridianBinary(stateRoot, output).RunAsync(
                TimeSpan.FromMinutes(6),
                "bench", "wan", spec, "--configurations", "derived", "--clients", "1,4", "--duration", "2s", "--probe-count", "5",
                "--writers-per-region", "1", "--skip-segments", "--cluster-prefix", prefix, "--out", results, "--format", "json");

            Assert.Equal(0, run.ExitCode);
            var stem = Directory.GetFiles(results, "*-wan-perf.json").Single()[..^".json".Length];
            Assert.True(File.Exists(stem + ".md"));
            Assert.StartsWith("<svg", (await File.ReadAllTextAsync(stem + ".svg")).TrimStart(), StringComparison.Ordinal);

            using var report = JsonDocument.Parse(run.StandardOutput);
            var root = report.RootElement;
            var floorMs = root.GetProperty("floorMs").GetDouble();
            Assert.Equal(45.0, floorMs, precision: 3); // (20 + 30 + 40) / 2

            var probes = root.GetProperty("commitProbes").EnumerateArray().ToList();
            Assert.Equal(3, probes.Count);
            Assert.All(probes, p => Assert.InRange(p.GetProperty("p50Ms").GetDouble(), floorMs * 0.98, floorMs * 3));

            var inserts = root.GetProperty("throughput").EnumerateArray()
                .Where(p => p.GetProperty("workload").GetString() == "oltp_insert" && p.GetProperty("distribution").GetString() == "uniform").ToList();
            Assert.Equal([1, 4], inserts.Select(p => p.GetProperty("clients").GetInt32()));
            Assert.All(inserts, p => Assert.InRange(p.GetProperty("floorFraction").GetDouble(), 0.2, 1.05));

            var traffic = Assert.Single(root.GetProperty("wanTraffic").EnumerateArray());
            Assert.True(traffic.GetProperty("transactions").GetInt64() > 0);
            Assert.True(traffic.GetProperty("wanBytes").GetInt64() > traffic.GetProperty("transactions").GetInt64() * 100);

            var hot = root.GetProperty("multiWriter").EnumerateArray().Single(m => m.GetProperty("rows").GetString() == "hot");
            Assert.True(hot.GetProperty("commits").GetInt64() > 0);

            Assert.Empty(await NamespacesWithPrefixAsync());
            Assert.False(Directory.Exists(Path.Combine(stateRoot, prefix + "-der")));
        }
        finally
        {
            await new MeridianBinary(stateRoot, output).RunAsync("down", "--cluster", prefix + "-der");
            await LocalFabric.DeleteLeftoverNamespacesAsync(ProcessCommandRunner.Instance, prefix + "-der");
            Directory.Delete(stateRoot, recursive: true);
        }
    }

    private async Task<IReadOnlyList<string>> NamespacesWithPrefixAsync()
    {
        var list = await ProcessCommandRunner.Instance.RunAsync(CommandRequest.Of("ip", "netns", "list"));
        return [.. list.StandardOutput.Split('\n').Where(l => l.StartsWith($"mrd-{prefix}", StringComparison.Ordinal))];
    }
}
