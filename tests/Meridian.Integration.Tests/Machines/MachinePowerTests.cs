using System.Text.Json;
using Meridian.Core.Planning;
using Meridian.Integration.Tests.Fabric;
using Meridian.Integration.Tests.Lab;
using Meridian.Runtime.Fabric;
using Meridian.Runtime.Processes;
using Xunit.Abstractions;

namespace Meridian.Integration.Tests.Machines;

/// <summary>
/// `meridian lab machines up --powered-off` and `power HOST on|off [--wipe]` with the real binary and real sshds, as a
/// cloud's instances use them (docs/lab.md, "Power on and off"): machines built but off, one switched on with a key of
/// its own and a sudo user, switched off and wiped, and a fresh disk with new host keys at the next power-on.
/// Cluster "pwr", LANs 10.65.x; no SQL endpoints.
/// </summary>
public sealed class MachinePowerTests(ITestOutputHelper output)
{
    private const string Cluster = "pwr";
    private const string Router = "a-vpn";
    private const string RouterWan = "198.18.0.1";
    private readonly string stateRoot = Path.Combine("/tmp", "mp-" + Guid.NewGuid().ToString("N")[..6]);
    private readonly ProcessCommandRunner runner = ProcessCommandRunner.Instance;

    private string Machines => Path.Combine(stateRoot, Cluster + "--machines");

    private string KnownHosts => Path.Combine(Machines, "known_hosts");

    private string HostKey => Path.Combine(Machines, "hosts", Router, "etc", "ssh", "ssh_host_ed25519_key.pub");

    [Fact]
    public async Task Given_machines_up_powered_off_When_one_is_powered_on_off_and_wiped_Then_ssh_follows_its_power_and_a_wipe_gives_a_fresh_disk()
    {
        RootRequirement.Ensure();
        var spec = WriteSpec();
        var meridian = new MeridianBinary(stateRoot, output);
        try
        {
            await meridian.RunAsync("lab", "machines", "down", spec); // a crashed earlier run's machines, if any
            var notUp = await meridian.RunAsync("lab", "machines", "power", spec, Router, "on");
            Assert.NotEqual(0, notUp.ExitCode);
            Assert.Contains("start them with `meridian lab machines up`", notUp.StandardError, StringComparison.Ordinal);

            var up = await meridian.RunAsync("lab", "machines", "up", spec, "--powered-off", "--format", "json");
            Assert.Equal(0, up.ExitCode);
            using (var report = JsonDocument.Parse(up.StandardOutput))
            {
                Assert.True(report.RootElement.GetProperty("poweredOff").GetBoolean());
                Assert.Empty(report.RootElement.GetProperty("booted").EnumerateArray());
            }

            var off = await StatusAsync(meridian, spec);
            Assert.Equal(6, off.Count);
            Assert.All(off.Values, m => Assert.True(
                !m.GetProperty("running").GetBoolean() && !m.GetProperty("sshListening").GetBoolean() && m.GetProperty("power").GetString() == "off"
                && m.GetProperty("processes").GetInt32() == 0 && m.GetProperty("disk").GetBoolean(),
                m.ToString()));

            var unknown = await meridian.RunAsync("lab", "machines", "power", spec, "z-db9", "on");
            Assert.NotEqual(0, unknown.ExitCode);
            Assert.Contains("no machine named 'z-db9'", unknown.StandardError, StringComparison.Ordinal);
            Assert.Contains(Router, unknown.StandardError, StringComparison.Ordinal);
            var misused = await meridian.RunAsync("lab", "machines", "power", spec, Router, "on", "--wipe");
            Assert.NotEqual(0, misused.ExitCode);
            Assert.Contains("--wipe goes with `off`", misused.StandardError + misused.StandardOutput, StringComparison.Ordinal);

            // On, with a key of its own and a sudo user: ssh as that user with the known_hosts `up` wrote.
            var key = Path.Combine(stateRoot, "keys", "admin_ed25519");
            Directory.CreateDirectory(Path.GetDirectoryName(key)!);
            (await runner.RunAsync(CommandRequest.Of("ssh-keygen", "-q", "-t", "ed25519", "-N", string.Empty, "-f", key))).EnsureSuccess();
            var firstOn = await PowerOnAsync(meridian, spec, key);
            Assert.True(firstOn.GetProperty("power").GetProperty("changed").GetBoolean());
            Assert.False(firstOn.GetProperty("seeded").GetBoolean());
            Assert.Equal(2, firstOn.GetProperty("fingerprints").GetArrayLength());
            Assert.Equal("admin 0", (await SshAsync(key, "echo \"$(id -un) $(sudo -n id -u)\"")).EnsureSuccess().StandardOutput.Trim());
            var status = await StatusAsync(meridian, spec);
            Assert.True(status[Router].GetProperty("sshListening").GetBoolean() && status[Router].GetProperty("power").GetString() == "on");
            Assert.All(status.Where(m => m.Key != Router), m => Assert.False(m.Value.GetProperty("running").GetBoolean(), m.Key));

            var again = await meridian.RunAsync("lab", "machines", "power", spec, Router, "on", "--authorized-key", key + ".pub", "--user", "admin");
            Assert.Equal(0, again.ExitCode);
            Assert.Contains("already on", again.StandardOutput, StringComparison.Ordinal);

            // Off and wiped: no process, no sshd, no disk, and its keys gone from known_hosts; a second off changes nothing.
            var oldKey = File.ReadAllText(HostKey).Split(' ')[1];
            var wipe = await meridian.RunAsync("lab", "machines", "power", spec, Router, "off", "--wipe", "--format", "json");
            Assert.Equal(0, wipe.ExitCode);
            using (var wiped = JsonDocument.Parse(wipe.StandardOutput))
            {
                Assert.True(wiped.RootElement.GetProperty("power").GetProperty("changed").GetBoolean());
                Assert.True(wiped.RootElement.GetProperty("wiped").GetBoolean());
            }

            Assert.Empty(NamespaceProcesses.List(Planner.NamespaceName(Cluster, Router)));
            Assert.False(Directory.Exists(Path.Combine(Machines, "hosts", Router)));
            Assert.DoesNotContain(oldKey, File.ReadAllText(KnownHosts), StringComparison.Ordinal);
            status = await StatusAsync(meridian, spec);
            Assert.False(status[Router].GetProperty("sshListening").GetBoolean() || status[Router].GetProperty("running").GetBoolean() || status[Router].GetProperty("disk").GetBoolean());
            var twice = await meridian.RunAsync("lab", "machines", "power", spec, Router, "off");
            Assert.Equal(0, twice.ExitCode);
            Assert.Contains("already off", twice.StandardOutput, StringComparison.Ordinal);
            var thrice = await meridian.RunAsync("lab", "machines", "power", spec, Router, "off", "--wipe", "--format", "json");
            Assert.Equal(0, thrice.ExitCode);
            using (var noop = JsonDocument.Parse(thrice.StandardOutput))
            {
                Assert.False(noop.RootElement.GetProperty("power").GetProperty("changed").GetBoolean());
                Assert.False(noop.RootElement.GetProperty("wiped").GetBoolean());
            }

            // On again: a fresh disk with new host keys, which known_hosts now holds, and the user made anew.
            var secondOn = await PowerOnAsync(meridian, spec, key);
            Assert.True(secondOn.GetProperty("seeded").GetBoolean());
            Assert.NotEqual(oldKey, File.ReadAllText(HostKey).Split(' ')[1]);
            Assert.Equal("admin 0", (await SshAsync(key, "echo \"$(id -un) $(sudo -n id -u)\"")).EnsureSuccess().StandardOutput.Trim());

            Assert.Equal(0, (await meridian.RunAsync("lab", "machines", "down", spec)).ExitCode);
            Assert.DoesNotContain(await NamespacesAsync(), n => n.StartsWith(LocalFabric.NamespacePrefix(Cluster), StringComparison.Ordinal));
            Assert.False(Directory.Exists(Machines));
        }
        finally
        {
            await meridian.RunAsync("lab", "machines", "down", spec);
            Directory.Delete(stateRoot, recursive: true);
        }
    }

    private static async Task<JsonElement> PowerOnAsync(MeridianBinary meridian, string spec, string key)
    {
        var on = await meridian.RunAsync("lab", "machines", "power", spec, Router, "on", "--authorized-key", key + ".pub", "--user", "admin", "--format", "json");
        Assert.Equal(0, on.ExitCode);
        using var report = JsonDocument.Parse(on.StandardOutput);
        Assert.Equal(RouterWan, report.RootElement.GetProperty("access").GetProperty("address").GetString());
        return report.RootElement.Clone();
    }

    private static async Task<Dictionary<string, JsonElement>> StatusAsync(MeridianBinary meridian, string spec)
    {
        var status = await meridian.RunAsync("lab", "machines", "status", spec, "--format", "json");
        Assert.Equal(0, status.ExitCode);
        using var json = JsonDocument.Parse(status.StandardOutput);
        return json.RootElement.GetProperty("machines").EnumerateArray().ToDictionary(m => m.GetProperty("host").GetString()!, m => m.Clone());
    }

    /// <summary>OpenSSH from the operator namespace as admin, with the key and the machines' known_hosts.</summary>
    private async Task<CommandResult> SshAsync(string key, string command)
    {
        var request = CommandRequest.Of("ip", [
            "netns", "exec", Planner.NamespaceName(Cluster, "operator"), "ssh", "-o", "BatchMode=yes", "-i", key, "-o", "IdentitiesOnly=yes",
            "-o", $"UserKnownHostsFile={KnownHosts}", "-o", "StrictHostKeyChecking=yes", $"admin@{RouterWan}", command]).AllowingFailure().WithTimeout(TimeSpan.FromSeconds(30));
        var result = await runner.RunAsync(request);
        output.WriteLine($"$ ssh admin@{RouterWan} '{command}' → {result.ExitCode}\n{result.StandardOutput}{result.StandardError}");
        return result;
    }

    private async Task<IEnumerable<string>> NamespacesAsync()
    {
        var list = await runner.RunAsync(CommandRequest.Of("ip", "netns", "list"));
        return list.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ')[0]);
    }

    private string WriteSpec()
    {
        Directory.CreateDirectory(stateRoot);
        var path = Path.Combine(stateRoot, "spec.yaml");
        File.WriteAllText(path, $"""
            cluster: {Cluster}
            regions:
              - {"{"}name: a, cidr: 10.65.1.0/24, nodes: 1{"}"}
              - {"{"}name: b, cidr: 10.65.2.0/24, nodes: 1{"}"}
              - {"{"}name: c, cidr: 10.65.3.0/24, nodes: 0{"}"}
            wan:
              rtt: {"{"}a~b: 10ms, a~c: 20ms, b~c: 30ms{"}"}

            """);
        return path;
    }
}
