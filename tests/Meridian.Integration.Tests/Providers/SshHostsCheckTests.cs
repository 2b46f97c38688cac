using System.Text.Json;
using Meridian.Core.Planning;
using Meridian.Integration.Tests.Lab;
using Meridian.Integration.Tests.Fabric;
using Meridian.Runtime.Processes;
using Xunit.Abstractions;

namespace Meridian.Integration.Tests.Providers;

/// <summary>
/// `meridian hosts check` with `provider: ssh` against bare machines (real sshd in namespaces), run from the machines'
/// operator namespace as a user would (docs/providers.md, "What up checks"): host keys are verified against known_hosts
/// and recorded only with --trust-new-hosts, a changed key and a refused key are located errors, private hosts are
/// reached through their router, the sudo path works, and a port held by a stranger is reported with its holder.
/// </summary>
[Trait("Category", "Lab")]
public sealed class SshHostsCheckTests(ITestOutputHelper output)
{
    private const string Cluster = "hk";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);
    private readonly string stateRoot = Path.Combine("/tmp", "mh-" + Guid.NewGuid().ToString("N")[..6]);
    private readonly ProcessCommandRunner runner = ProcessCommandRunner.Instance;

    private string Machines => Path.Combine(stateRoot, Cluster + "--machines");

    private string KnownHosts => Path.Combine(stateRoot, "known_hosts");

    private static string Operator => Planner.NamespaceName(Cluster, "operator");

    [Fact]
    public async Task Given_bare_machines_When_hosts_are_checked_Then_keys_logins_sudo_and_ports_are_verified_with_located_errors()
    {
        RootRequirement.Ensure();
        var meridian = new MeridianBinary(stateRoot, output);
        var spec = WriteSpec("spec.yaml", "root", Path.Combine(Machines, "operator_ed25519"));
        try
        {
            await meridian.RunAsync("lab", "machines", "down", spec);
            Assert.Equal(0, (await meridian.RunAsync(Timeout, "lab", "machines", "up", spec, "--user", "deploy")).ExitCode);

            // Unknown hosts: refused with the fingerprint to check; the LAN hosts are not tried without their router.
            var unknown = await CheckAsync(spec);
            Assert.Equal(1, unknown.ExitCode);
            var reports = Reports(unknown);
            Assert.Equal("hostKeyUnknown", Failure(reports["a-vpn"]));
            Assert.Contains("SHA256:", Message(reports["a-vpn"]), StringComparison.Ordinal);
            Assert.Contains("not reached: it is reached through a-vpn", Message(reports["a-db1"]), StringComparison.Ordinal);
            Assert.False(File.Exists(KnownHosts));

            // First use, asked for: every host is reached (LAN hosts through their router), Debian 12, root, ports free.
            var trusted = await CheckAsync(spec, "--trust-new-hosts");
            Assert.True(trusted.ExitCode == 0, trusted.StandardOutput + trusted.StandardError);
            reports = Reports(trusted);
            Assert.Equal(["a-db1", "a-vpn", "b-db1", "b-vpn"], reports.Keys.Order(StringComparer.Ordinal));
            Assert.All(reports.Values, r => Assert.Equal("debian 12", r.GetProperty("os").GetString()));
            Assert.Equal("a-vpn", reports["a-db1"].GetProperty("via").GetString());
            Assert.Equal(4, File.ReadAllLines(KnownHosts).Length);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(KnownHosts));

            // Known now: no flag needed. The sudo user works the same (commands run as root through sudo -n).
            Assert.Equal(0, (await CheckAsync(spec)).ExitCode);
            var sudoSpec = WriteSpec("sudo.yaml", "deploy", Path.Combine(Machines, "operator_ed25519"));
            Assert.Equal(0, (await CheckAsync(sudoSpec)).ExitCode);

            // A stranger on the agent's health port of b-db1 is named with the port's purpose.
            var stranger = await BareMachine.StartListenerAsync(Cluster, "b-db1", "10.63.2.20", 9200);
            var busy = await CheckAsync(spec);
            Assert.Equal(1, busy.ExitCode);
            var busyReport = Reports(busy)["b-db1"];
            Assert.Equal("portInUse", Failure(busyReport));
            Assert.Contains("tcp port 9200 (agent health) is held by", Message(busyReport), StringComparison.Ordinal);
            Assert.True(Reports(busy)["a-db1"].GetProperty("ready").GetBoolean());
            await runner.RunAsync(CommandRequest.Of("kill", stranger).AllowingFailure());

            // A refused key, and a changed host key: each a located error naming the host.
            var wrongKey = Path.Combine(stateRoot, "wrong_ed25519");
            (await runner.RunAsync(CommandRequest.Of("ssh-keygen", "-q", "-t", "ed25519", "-N", string.Empty, "-f", wrongKey))).EnsureSuccess();
            var refused = await CheckAsync(WriteSpec("wrong.yaml", "root", wrongKey));
            Assert.Equal("authenticationRefused", Failure(Reports(refused)["b-vpn"]));
            Assert.Contains("refused the key for user 'root'", Message(Reports(refused)["b-vpn"]), StringComparison.Ordinal);

            var lines = File.ReadAllLines(KnownHosts);
            var otherKey = File.ReadAllText(wrongKey + ".pub").Split(' ')[1];
            File.WriteAllLines(KnownHosts, lines.Select(l => l.StartsWith("198.18.0.1 ", StringComparison.Ordinal) ? $"198.18.0.1 ssh-ed25519 {otherKey}" : l));
            var changed = await CheckAsync(spec, "--trust-new-hosts");
            Assert.Equal(1, changed.ExitCode);
            Assert.Equal("hostKeyChanged", Failure(Reports(changed)["a-vpn"]));
            Assert.Contains("ssh-keygen -R", Fix(Reports(changed)["a-vpn"]), StringComparison.Ordinal);
            Assert.True(Reports(changed)["b-vpn"].GetProperty("ready").GetBoolean());
        }
        finally
        {
            await meridian.RunAsync("lab", "machines", "down", spec);
            Directory.Delete(stateRoot, recursive: true);
        }
    }

    private Task<CommandResult> CheckAsync(string spec, params string[] flags) =>
        new MeridianBinary(stateRoot, output).RunInNamespaceAsync(Operator, Timeout, ["hosts", "check", spec, "--format", "json", .. flags]);

    private static Dictionary<string, JsonElement> Reports(CommandResult result)
    {
        using var document = JsonDocument.Parse(result.StandardOutput);
        return document.RootElement.EnumerateArray().ToDictionary(r => r.GetProperty("host").GetString()!, r => r.Clone());
    }

    private static JsonElement Problem(JsonElement report) => report.GetProperty("problems").EnumerateArray().First();

    private static string Failure(JsonElement report) => Problem(report).GetProperty("failure").ToString();

    private static string Message(JsonElement report) => Problem(report).GetProperty("message").GetString()!;

    private static string Fix(JsonElement report) => Problem(report).GetProperty("fix").GetString()!;

    private string WriteSpec(string name, string user, string key)
    {
        Directory.CreateDirectory(stateRoot);
        var path = Path.Combine(stateRoot, name);
        File.WriteAllText(path, $"""
            cluster: {Cluster}
            provider: ssh
            ssh:
              user: {user}
              key: {key}
              knownHosts: {KnownHosts}
            regions:
              - name: a
                cidr: 10.63.1.0/24
                hosts: {"{"} vpn: {"{"} public: 198.18.0.1 {"}"} {"}"}
              - name: b
                cidr: 10.63.2.0/24
                hosts: {"{"} vpn: {"{"} public: 198.18.0.2 {"}"} {"}"}
            wan:
              rtt: {"{"}a~b: 10ms{"}"}
            """);
        return path;
    }
}
