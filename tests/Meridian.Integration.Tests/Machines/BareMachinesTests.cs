using System.Diagnostics;
using System.Text.Json;
using Meridian.Core.Planning;
using Meridian.Integration.Tests.Fabric;
using Meridian.Integration.Tests.Lab;
using Meridian.Runtime.Fabric;
using Meridian.Runtime.Lab;
using Meridian.Runtime.Processes;
using Xunit.Abstractions;

namespace Meridian.Integration.Tests.Machines;

/// <summary>
/// `meridian lab machines` end to end with the real binary and real sshds, reached with OpenSSH from the operator
/// namespace exactly as the ssh provider will (docs/lab.md, "Bare machines"): per-machine /etc, routers on the WAN,
/// private hosts only through a router, key-only logins, a sudo user, reboot with /etc/rc.local, and a `down` that
/// leaves no namespace, mount or process. Cluster "bm" (and "bmf" for the refusal); no SQL endpoints.
/// </summary>
public sealed class BareMachinesTests(ITestOutputHelper output)
{
    private const string Cluster = "bm";
    private readonly string stateRoot = Path.Combine("/tmp", "mb-" + Guid.NewGuid().ToString("N")[..6]);
    private readonly ProcessCommandRunner runner = ProcessCommandRunner.Instance;

    private string Machines => Path.Combine(stateRoot, Cluster + "--machines");

    private string Key => Path.Combine(Machines, "operator_ed25519");

    private string KnownHosts => Path.Combine(Machines, "known_hosts");

    private string SshConfig => Path.Combine(Machines, "ssh_config");

    [Fact]
    public async Task Given_a_three_region_spec_When_machines_are_up_Then_ssh_reaches_each_as_a_separate_host_and_down_leaves_nothing()
    {
        RootRequirement.Ensure();
        var spec = WriteSpec(Cluster);
        var meridian = new MeridianBinary(stateRoot, output);
        try
        {
            await meridian.RunAsync("lab", "machines", "down", spec); // a crashed earlier run's machines, if any
            var watch = Stopwatch.StartNew();
            var up = await meridian.RunAsync("lab", "machines", "up", spec, "--user", "deploy", "--format", "json");
            output.WriteLine($"machines up took {watch.Elapsed.TotalSeconds:F1} s");
            Assert.Equal(0, up.ExitCode);
            using var report = JsonDocument.Parse(up.StandardOutput);
            var machines = report.RootElement.GetProperty("machines").EnumerateArray().ToDictionary(m => m.GetProperty("host").GetString()!, m => m.Clone());
            Assert.Equal(["a-vpn", "a-db1", "b-vpn", "b-db1", "c-vpn", "c-arb"], machines.Keys.ToArray());
            Assert.Equal("arbitrator", machines["c-arb"].GetProperty("role").GetString());
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Key));
            var wan = new Dictionary<string, string> { ["a"] = "198.18.0.1", ["b"] = "198.18.0.2", ["c"] = "198.18.0.3" };

            // Every router answers on its WAN address as root, each with its own hostname and machine-id.
            var ids = new List<string>();
            foreach (var (region, address) in wan)
            {
                var said = (await SshAsync($"root@{address}", "hostname; cat /etc/machine-id")).EnsureSuccess().StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
                Assert.Equal($"{region}-vpn", said[0]);
                ids.Add(said[1]);
            }

            ids.Add(File.ReadAllText("/etc/machine-id").Trim());
            Assert.Equal(ids.Count, ids.Distinct().Count());

            // /etc is the machine's own: a file written on one machine is on no other machine and not on this box.
            (await SshAsync("root@198.18.0.1", "echo mine > /etc/bm-marker")).EnsureSuccess();
            Assert.Equal("mine", (await SshAsync("root@198.18.0.1", "cat /etc/bm-marker")).EnsureSuccess().StandardOutput.Trim());
            Assert.Equal(1, (await SshAsync("root@198.18.0.2", "test -e /etc/bm-marker")).ExitCode);
            Assert.False(File.Exists("/etc/bm-marker"));
            Assert.Contains("openssh-server", (await SshAsync("root@198.18.0.3", "dpkg-query -W openssh-server")).EnsureSuccess().StandardOutput, StringComparison.Ordinal);
            Assert.Contains("passwordauthentication no", (await SshAsync("root@198.18.0.3", "sshd -T")).EnsureSuccess().StandardOutput, StringComparison.Ordinal);

            // Private hosts: through their router with -J (the ssh_config reaches the jump's ssh), never directly.
            var aDb = machines["a-db1"].GetProperty("address").GetString()!;
            Assert.Equal("198.18.0.1", machines["a-db1"].GetProperty("jump").GetString());
            Assert.Equal("a-db1", (await SshViaConfigAsync(["-J", "root@198.18.0.1", $"root@{aDb}"], "hostname")).EnsureSuccess().StandardOutput.Trim());
            var arb = machines["c-arb"].GetProperty("address").GetString()!;
            Assert.Equal("c-arb", (await SshViaConfigAsync(["-J", "root@198.18.0.3", $"root@{arb}"], "hostname")).EnsureSuccess().StandardOutput.Trim());
            var direct = await SshViaConfigAsync(["-o", "ConnectTimeout=5", $"root@{aDb}"], "hostname");
            Assert.NotEqual(0, direct.ExitCode);
            Assert.Contains("unreachable", direct.StandardError, StringComparison.OrdinalIgnoreCase);

            // Keys only: another key is refused; the sudo user gets root without a password.
            var wrongKey = Path.Combine(stateRoot, "wrong_ed25519");
            (await runner.RunAsync(CommandRequest.Of("ssh-keygen", "-q", "-t", "ed25519", "-N", string.Empty, "-f", wrongKey))).EnsureSuccess();
            var refused = await SshAsync("root@198.18.0.2", "true", wrongKey);
            Assert.Equal(255, refused.ExitCode);
            Assert.Contains("Permission denied", refused.StandardError, StringComparison.Ordinal);
            Assert.Equal("0", (await SshAsync("deploy@198.18.0.2", "sudo -n id -u")).EnsureSuccess().StandardOutput.Trim());
            Assert.Equal("deploy", (await SshViaConfigAsync(["-J", "root@198.18.0.2", "deploy@" + machines["b-db1"].GetProperty("address").GetString()], "id -un")).EnsureSuccess().StandardOutput.Trim());

            await RebootKeepsEtcAndRunsRcLocalAsync(meridian, spec, machines["b-db1"].GetProperty("address").GetString()!);

            var status = await meridian.RunAsync("lab", "machines", "status", spec, "--format", "json");
            Assert.Equal(0, status.ExitCode);
            using var statusJson = JsonDocument.Parse(status.StandardOutput);
            Assert.True(statusJson.RootElement.GetProperty("hubRunning").GetBoolean());
            Assert.All(statusJson.RootElement.GetProperty("machines").EnumerateArray(), m =>
                Assert.True(m.GetProperty("running").GetBoolean() && m.GetProperty("sshListening").GetBoolean(), m.ToString()));
            Measure();

            var again = await meridian.RunAsync("lab", "machines", "up", spec, "--user", "deploy", "--format", "json");
            Assert.Equal(0, again.ExitCode);
            using (var second = JsonDocument.Parse(again.StandardOutput))
            {
                Assert.Empty(second.RootElement.GetProperty("booted").EnumerateArray());
            }

            var recorded = new LabStateStore(Path.Combine(Machines, "state.json")).Load()!;
            Assert.Equal(7, recorded.Processes.Length); // the supervisor and six inits
            var down = await meridian.RunAsync("lab", "machines", "down", spec);
            Assert.Equal(0, down.ExitCode);
            await AssertNothingLeftAsync(recorded);
            Assert.Equal(0, (await meridian.RunAsync("lab", "machines", "down", spec)).ExitCode);
        }
        finally
        {
            await meridian.RunAsync("lab", "machines", "down", spec);
            Directory.Delete(stateRoot, recursive: true);
        }
    }

    [Fact]
    public async Task Given_bad_input_When_machines_commands_run_Then_they_refuse_with_a_located_error_and_change_nothing()
    {
        RootRequirement.Ensure();
        const string cluster = "bmf";
        var spec = WriteSpec(cluster);
        var meridian = new MeridianBinary(stateRoot, output);
        var foreign = Planner.NamespaceName(cluster, "b-vpn");
        try
        {
            var invalid = Path.Combine(stateRoot, "invalid.yaml");
            File.WriteAllText(invalid, "cluster: bmf\nregions:\n  - {name: a, cidr: 10.62.1.0/24, nodes: three}\n");
            var refusedSpec = await meridian.RunAsync("lab", "machines", "up", invalid);
            Assert.NotEqual(0, refusedSpec.ExitCode);
            Assert.Contains("invalid.yaml:3:", refusedSpec.StandardError, StringComparison.Ordinal);

            await runner.RunAsync(CommandRequest.Of("ip", "netns", "add", foreign));
            var refused = await meridian.RunAsync("lab", "machines", "up", spec);
            Assert.NotEqual(0, refused.ExitCode);
            Assert.Contains(foreign, refused.StandardError, StringComparison.Ordinal);
            Assert.Contains("not recorded", refused.StandardError, StringComparison.Ordinal);
            var ours = (await IpRoute2Names()).Where(n => n.StartsWith(LocalFabric.NamespacePrefix(cluster), StringComparison.Ordinal));
            Assert.Equal([foreign], ours);
            Assert.False(Directory.Exists(Path.Combine(stateRoot, cluster + "--machines", "hosts")));

            var unknown = await meridian.RunAsync("lab", "machines", "reboot", spec, "z-db9");
            Assert.NotEqual(0, unknown.ExitCode);
            Assert.Contains("no machine named 'z-db9'", unknown.StandardError, StringComparison.Ordinal);
            Assert.Contains("a-vpn", unknown.StandardError, StringComparison.Ordinal);
        }
        finally
        {
            await runner.RunAsync(CommandRequest.Of("ip", "netns", "del", foreign).AllowingFailure());
            await meridian.RunAsync("lab", "machines", "down", spec);
            Directory.Delete(stateRoot, recursive: true);
        }
    }

    /// <summary>
    /// A process started over ssh dies with the reboot; sshd comes back; /etc persists, /tmp is empty, and an executable
    /// /etc/rc.local ran at boot (it leaves a file in the fresh /run and a daemon).
    /// </summary>
    private async Task RebootKeepsEtcAndRunsRcLocalAsync(MeridianBinary meridian, string spec, string address)
    {
        string[] target = ["-J", "root@198.18.0.2", $"root@{address}"];
        (await SshViaConfigAsync(target,
            "echo kept > /etc/bm-kept; touch /tmp/bm-scratch; " +
            "printf '#!/bin/sh\\necho \"$1\" > /run/bm-rc-local\\nsetsid sleep 4712 </dev/null >/dev/null 2>&1 &\\n' > /etc/rc.local; chmod 755 /etc/rc.local; " +
            "setsid sleep 4711 </dev/null >/dev/null 2>&1 &")).EnsureSuccess();
        var ns = Planner.NamespaceName(Cluster, "b-db1");
        var started = await FindAsync(ns, "sleep 4711");

        var reboot = await meridian.RunAsync("lab", "machines", "reboot", spec, "b-db1", "--format", "json");
        Assert.Equal(0, reboot.ExitCode);
        using var report = JsonDocument.Parse(reboot.StandardOutput);
        output.WriteLine($"reboot: sshd back in {report.RootElement.GetProperty("seconds").GetDouble()} s");

        Assert.False(started.IsAlive, "the process started over ssh survived the reboot");
        var after = (await SshViaConfigAsync(target, "cat /etc/bm-kept; echo \"tmp:$(ls -A /tmp)\"; cat /run/bm-rc-local; ps -eo args")).EnsureSuccess().StandardOutput;
        output.WriteLine(after);
        var lines = after.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("kept", lines[0]);
        Assert.Equal("tmp:", lines[1]);
        Assert.Equal("start", lines[2]);
        Assert.Contains("sleep 4712", lines, StringComparer.Ordinal);
        Assert.DoesNotContain("sleep 4711", lines, StringComparer.Ordinal);
    }

    /// <summary>A process started in the background over ssh may exec a moment after ssh returned.</summary>
    private static async Task<ProcessIdentity> FindAsync(string ns, string commandLine)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while (true)
        {
            if (NamespaceProcesses.List(ns).FirstOrDefault(p => CommandLine(p.Pid) == commandLine) is { } found)
            {
                return found;
            }

            Assert.True(DateTime.UtcNow < deadline, $"no '{commandLine}' in {ns}");
            await Task.Delay(50);
        }
    }

    private async Task AssertNothingLeftAsync(LabState recorded)
    {
        Assert.DoesNotContain(await IpRoute2Names(), n => n.StartsWith(LocalFabric.NamespacePrefix(Cluster), StringComparison.Ordinal));
        Assert.DoesNotContain(stateRoot, File.ReadAllText("/proc/self/mountinfo"), StringComparison.Ordinal);
        Assert.All(recorded.Processes, p => Assert.False(p.Identity.IsAlive, $"{p.Name} {p.Host} (PID {p.Identity.Pid}) still runs"));
        var strays = Directory.EnumerateDirectories("/proc")
            .Select(d => Path.GetFileName(d))
            .Where(name => int.TryParse(name, out var pid) && pid != Environment.ProcessId && CommandLine(pid).Contains(stateRoot, StringComparison.Ordinal))
            .ToList();
        Assert.Empty(strays);
        Assert.False(Directory.Exists(Machines));
    }

    /// <summary>RSS of the supervisor (WAN hub) and of every process of every machine, for the report.</summary>
    private void Measure()
    {
        var state = new LabStateStore(Path.Combine(Machines, "state.json")).Load()!;
        var supervisor = state.Processes.Single(p => p.Name == "supervisor").Identity.Pid;
        var machineKib = 0L;
        var count = 0;
        foreach (var ns in state.Namespaces)
        {
            foreach (var process in NamespaceProcesses.List(ns))
            {
                machineKib += RssKib(process.Pid);
                count++;
            }
        }

        output.WriteLine($"RSS: supervisor with the WAN hub {RssKib(supervisor) / 1024.0:F1} MiB; {count} machine processes {machineKib / 1024.0:F1} MiB");
    }

    private static long RssKib(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture);
    }

    private static string CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ').Trim();
        }
        catch (IOException)
        {
            return string.Empty;
        }
    }

    private async Task<IEnumerable<string>> IpRoute2Names()
    {
        var list = await runner.RunAsync(CommandRequest.Of("ip", "netns", "list"));
        return list.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ')[0]);
    }

    /// <summary>OpenSSH from the operator namespace with explicit options, as the printed example does.</summary>
    private Task<CommandResult> SshAsync(string target, string command, string? key = null) =>
        OperatorAsync(["-i", key ?? Key, "-o", "IdentitiesOnly=yes", "-o", $"UserKnownHostsFile={KnownHosts}", "-o", "StrictHostKeyChecking=yes", target], command);

    /// <summary>With the written ssh_config, which a -J jump host's ssh gets too (-i and -o would not reach it).</summary>
    private Task<CommandResult> SshViaConfigAsync(string[] arguments, string command) => OperatorAsync(["-F", SshConfig, .. arguments], command);

    private async Task<CommandResult> OperatorAsync(string[] arguments, string command)
    {
        var request = CommandRequest.Of("ip", ["netns", "exec", Planner.NamespaceName(Cluster, "operator"), "ssh", "-o", "BatchMode=yes", .. arguments, command])
            .AllowingFailure().WithTimeout(TimeSpan.FromSeconds(30));
        var result = await runner.RunAsync(request);
        output.WriteLine($"$ ssh {string.Join(' ', arguments)} '{command}' → {result.ExitCode}\n{result.StandardOutput}{result.StandardError}");
        return result;
    }

    private string WriteSpec(string cluster)
    {
        Directory.CreateDirectory(stateRoot);
        var path = Path.Combine(stateRoot, "spec.yaml");
        File.WriteAllText(path, $"""
            cluster: {cluster}
            regions:
              - {"{"}name: a, cidr: 10.62.1.0/24, nodes: 1{"}"}
              - {"{"}name: b, cidr: 10.62.2.0/24, nodes: 1{"}"}
              - {"{"}name: c, cidr: 10.62.3.0/24, nodes: 0{"}"}
            wan:
              rtt: {"{"}a~b: 10ms, a~c: 20ms, b~c: 30ms{"}"}

            """);
        return path;
    }
}
