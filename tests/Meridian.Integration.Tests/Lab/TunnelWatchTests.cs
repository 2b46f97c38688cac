using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using Meridian.Core.Planning;
using Meridian.Core.Spec;
using Meridian.Integration.Tests.Fabric;
using Meridian.Runtime.Fabric;
using Meridian.Runtime.Processes;
using Meridian.Runtime.Vpn;
using Xunit.Abstractions;

namespace Meridian.Integration.Tests.Lab;

/// <summary>
/// The data-path watchdog against real charons in a `meridian up --until network` lab (docs/vpn.md, "Data-path
/// watchdog"). The faults break ESP only: an iptables rule in one router's namespace drops its ESP-in-UDP packets to
/// the peer, matched with u32 on the first 4 payload bytes. IKE shares UDP 4500 but starts with the 4-byte non-ESP
/// marker (zero), so IKE and DPD keep working and swanctl keeps reporting the tunnel ESTABLISHED/INSTALLED, exactly as
/// in the fault campaign where one router's ESP output froze.
/// </summary>
[Collection(RunsAlone.Name)]
public sealed class TunnelWatchTests(ITestOutputHelper output)
{
    private readonly string cluster = "tw" + string.Concat(Enumerable.Range(0, 3).Select(_ => (char)('a' + RandomNumberGenerator.GetInt32(26))));
    private readonly string stateRoot = Path.Combine("/tmp", "mtw-" + Guid.NewGuid().ToString("N")[..6]);

    [Fact]
    public async Task Given_a_tunnel_whose_ESP_is_dropped_while_IKE_stays_up_When_the_watchdog_probes_it_Then_it_is_repaired_and_recorded()
    {
        RootRequirement.Ensure();
        var spec = WriteSpec();
        try
        {
            Assert.Equal(0, (await Meridian("up", spec, "--until", "network")).ExitCode);
            var plan = Planner.Plan(SpecLoader.LoadFile(spec).Spec!);
            var layout = DeploymentLayout.ForCluster(stateRoot, cluster);
            var tunnel = plan.Tunnels.Single(t => t.Involves("a") && t.Involves("b"));
            Assert.Equal("a", tunnel.InitiatorRegion);
            var initiator = new Swanctl(ProcessCommandRunner.Instance, layout.ForHost(plan.Region("a").RouterHost));
            var routerA = plan.Host(plan.Region("a").RouterHost).Namespace;
            var wanB = plan.Region("b").WanAddress;
            Assert.True(await RoutersPingAsync(plan, "a", "b"), "a~b carries no traffic before any fault");

            // 1. A frozen CHILD_SA: only a's outbound SA (its SPI) is dropped. Nothing heals this but new SAs, and the
            //    block stays in place: the first repair, re-initiating the CHILD_SA, must cure it on its own.
            var spi = (await ChildOfAsync(initiator, tunnel.Name)).SpiOut!;
            var frozenSa = $"0>>22&0x3C@8=0x{spi}";
            await IptablesAsync(routerA, "-I", wanB, frozenSa);
            var blocked = Stopwatch.StartNew();
            Assert.False(await RoutersPingAsync(plan, "a", "b"), "dropping a's outbound SPI did not break a~b");
            var (ike, child) = await StateOfAsync(initiator, tunnel.Name);
            Assert.Equal((IkeSaStatus.Established, ChildSaStatus.Installed), (ike, child));

            using (var repaired = await new MeridianBinary(stateRoot, output).UntilJsonAsync(
                root => Pair(root, "a~b") is var p && Has(p, "measuredRttMs") && Has(p, "lastRepair") && Has(p.GetProperty("lastRepair"), "trafficBackAt"),
                TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(1), "a~b was not repaired", "status", spec, "--format", "json"))
            {
                var pair = Pair(repaired.RootElement, "a~b");
                var repair = pair.GetProperty("lastRepair");
                output.WriteLine($"frozen SA: traffic back {blocked.Elapsed.TotalSeconds:F1} s after the block, block still in place; repair: {repair}");
                Assert.Equal("re-initiate child", repair.GetProperty("action").GetString());
                Assert.Equal("a", repair.GetProperty("region").GetString());
                Assert.True(repair.GetProperty("succeeded").GetBoolean());
                Assert.Equal(1, pair.GetProperty("repairs").GetInt32());
                Assert.True(blocked.Elapsed < TimeSpan.FromSeconds(20), $"the repair took {blocked.Elapsed.TotalSeconds:F1} s");
            }

            Assert.NotEqual(spi, (await ChildOfAsync(initiator, tunnel.Name)).SpiOut);
            Assert.True(await DroppedAsync(routerA) > 0, "the SPI rule dropped nothing");
            Assert.True(await RoutersPingAsync(plan, "a", "b"), "a~b carries no traffic after the CHILD_SA was re-initiated");
            await IptablesAsync(routerA, "-D", wanB, frozenSa);

            // 2. All of a's ESP to b dropped, whatever the SA: no repair can help while the block lasts, so the watchdog
            //    climbs its ladder to charon restarts; once the block is lifted the tunnel must carry traffic within 10 s.
            const string anyEsp = "0>>22&0x3C@8=0x1:0xFFFFFFFF";
            await IptablesAsync(routerA, "-I", wanB, anyEsp);
            blocked.Restart();
            using (var restarted = await new MeridianBinary(stateRoot, output).UntilJsonAsync(
                root => Pair(root, "a~b").GetProperty("lastRepair").GetProperty("action").GetString() == "restart charon",
                TimeSpan.FromSeconds(40), TimeSpan.FromSeconds(1), "the watchdog did not restart a charon", "status", spec, "--format", "json"))
            {
                var pair = Pair(restarted.RootElement, "a~b");
                output.WriteLine($"ESP blocked: charon restart {blocked.Elapsed.TotalSeconds:F1} s after the block: {pair.GetProperty("lastRepair")}");
                Assert.True(pair.GetProperty("repairs").GetInt32() >= 3, "expected the CHILD_SA re-initiation (after the first fault's one) before the restart");
                Assert.False(Has(pair.GetProperty("lastRepair"), "trafficBackAt"));
            }

            var (ikeDuringBlock, _) = await StateOfAsync(initiator, tunnel.Name);
            Assert.Equal(IkeSaStatus.Established, ikeDuringBlock);
            await IptablesAsync(routerA, "-D", wanB, anyEsp);
            var lifted = Stopwatch.StartNew();
            while (!await RoutersPingAsync(plan, "a", "b"))
            {
                Assert.True(lifted.Elapsed < TimeSpan.FromSeconds(10), "a~b carried no traffic within 10 s of lifting the block");
            }

            output.WriteLine($"traffic through a~b {lifted.Elapsed.TotalSeconds:F1} s after lifting the block");
            Assert.True(lifted.Elapsed < TimeSpan.FromSeconds(10), $"a~b took {lifted.Elapsed.TotalSeconds:F1} s after the block was lifted");

            using (var back = await new MeridianBinary(stateRoot, output).UntilJsonAsync(
                root => Has(Pair(root, "a~b").GetProperty("lastRepair"), "trafficBackAt"),
                TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(1), "the watchdog did not see traffic back", "status", spec, "--format", "json"))
            {
                Assert.True(Pair(back.RootElement, "a~c").GetProperty("up").GetBoolean(), "a~c is down");
                Assert.True(Pair(back.RootElement, "b~c").GetProperty("up").GetBoolean(), "b~c is down");
            }

            var log = await File.ReadAllTextAsync(layout.SupervisorLog);
            Assert.Contains($"tunnel {tunnel.Name}: SAs up at both ends but no reply", log, StringComparison.Ordinal);
            Assert.Contains($"tunnel {tunnel.Name}: re-initiate child on a done", log, StringComparison.Ordinal);
            Assert.Contains($"tunnel {tunnel.Name}: restart charon on", log, StringComparison.Ordinal);
            Assert.Contains($"tunnel {tunnel.Name}: carries traffic again", log, StringComparison.Ordinal);
        }
        finally
        {
            var supervisorLog = DeploymentLayout.ForCluster(stateRoot, cluster).SupervisorLog;
            if (File.Exists(supervisorLog))
            {
                output.WriteLine("supervisor log, watchdog lines:\n" + string.Join('\n', File.ReadLines(supervisorLog).Where(l => l.Contains(" tunnel ", StringComparison.Ordinal))));
            }

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
                cidr: 192.168.51.0/24
              - name: b
                cidr: 192.168.52.0/24
              - name: c
                cidr: 192.168.53.0/24
            wan:
              rtt:
                a~b: 40ms
                a~c: 80ms
                b~c: 120ms
            """);
        return path;
    }

    private static JsonElement Pair(JsonElement status, string pair) =>
        status.GetProperty("pairs").EnumerateArray().Single(p => p.GetProperty("pair").GetString() == pair);

    /// <summary>The property exists and is not null (`status --format json` writes nulls).</summary>
    private static bool Has(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null;

    private static async Task<ChildSaStatus> ChildOfAsync(Swanctl swanctl, string tunnel)
    {
        var sas = await swanctl.ListSasAsync();
        return sas.Where(s => s.Name == tunnel && s.State == IkeSaStatus.Established)
            .SelectMany(s => s.Children)
            .Single(c => c.Name == tunnel && c.IsInstalled);
    }

    private static async Task<(string? Ike, string? Child)> StateOfAsync(Swanctl swanctl, string tunnel)
    {
        var ike = (await swanctl.ListSasAsync()).FirstOrDefault(s => s.Name == tunnel);
        return (ike?.State, ike?.Children.FirstOrDefault(c => c.Name == tunnel)?.State);
    }

    /// <summary>
    /// Adds (-I) or deletes (-D) the rule that drops the router's ESP-in-UDP to <paramref name="peerWan"/> whose first 4
    /// payload bytes match <paramref name="u32"/>. The drop is counted before it leaves, so IKE (marker 0) is never hit.
    /// </summary>
    private static async Task IptablesAsync(string routerNamespace, string operation, string peerWan, string u32)
    {
        var result = await ProcessCommandRunner.Instance.RunAsync(CommandRequest.Of(
            "ip", "netns", "exec", routerNamespace, "iptables", operation, "OUTPUT", "-o", "wan0", "-p", "udp", "--dport", "4500", "-d", peerWan,
            "-m", "u32", "--u32", u32, "-j", "DROP").AllowingFailure());
        Assert.True(result.ExitCode == 0, $"iptables {operation}: {result.StandardError}");
    }

    /// <summary>Packets dropped by the OUTPUT chain's rules in the router's namespace.</summary>
    private static async Task<long> DroppedAsync(string routerNamespace)
    {
        var result = await ProcessCommandRunner.Instance.RunAsync(CommandRequest.Of("ip", "netns", "exec", routerNamespace, "iptables", "-L", "OUTPUT", "-v", "-n", "-x"));
        return result.StandardOutput.Split('\n')
            .Where(l => l.Contains("DROP", StringComparison.Ordinal))
            .Sum(l => long.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0], System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>The probe `status` and the watchdog use: router LAN to router LAN, through the tunnel and both libipsecs.</summary>
    private static async Task<bool> RoutersPingAsync(ClusterPlan plan, string from, string to) =>
        await TunnelProbe.MeasureRttAsync(plan, ProcessCommandRunner.Instance, from, to, CancellationToken.None) is not null;

    private Task<CommandResult> Meridian(params string[] args) => new MeridianBinary(stateRoot, output).RunAsync(TimeSpan.FromSeconds(120), args);
}
