using Meridian.Core.Planning;
using Meridian.Integration.Tests.Fabric;
using Meridian.Runtime.Fabric;
using Meridian.Runtime.Processes;
using Xunit.Abstractions;

namespace Meridian.Integration.Tests.Lab;

/// <summary>
/// `up` refuses a namespace it would create that exists but is not in this cluster's state.json, instead of adopting
/// and re-tagging it (docs/lab.md, "Names"). The refusal comes before anything is written, so no lab is built.
/// </summary>
public sealed class NamespaceAdoptionTests(ITestOutputHelper output)
{
    private readonly string cluster = "na" + Guid.NewGuid().ToString("N")[..5];
    private readonly string stateRoot = Path.Combine("/tmp", "mn-" + Guid.NewGuid().ToString("N")[..6]);

    [Fact]
    public async Task Given_a_namespace_someone_else_made_When_up_runs_Then_it_refuses_it_by_name_and_touches_nothing()
    {
        RootRequirement.Ensure();
        Directory.CreateDirectory(stateRoot);
        var spec = Path.Combine(stateRoot, "spec.yaml");
        File.WriteAllText(spec, $"cluster: {cluster}\nregions: [{{name: a, cidr: 192.168.51.0/24}}, {{name: b, cidr: 192.168.52.0/24}}]\nwan: {{rtt: {{a~b: 5ms}}}}\nendpoints: {{port: {LabEndpointPorts.NamespaceAdoption}}}\n");
        var foreign = Planner.NamespaceName(cluster, Planner.RouterName("b"));
        var runner = ProcessCommandRunner.Instance;
        try
        {
            await runner.RunAsync(CommandRequest.Of("ip", "netns", "add", foreign));
            await runner.RunAsync(NamespaceCommands.IpIn(foreign, "link", "set", "dev", "lo", "alias", "someone else's"));

            var up = await new MeridianBinary(stateRoot, output).RunAsync(TimeSpan.FromSeconds(60), "up", spec, "--until", "network");

            Assert.NotEqual(0, up.ExitCode);
            Assert.Contains(foreign, up.StandardError + up.StandardOutput, StringComparison.Ordinal);
            Assert.Contains("not recorded", up.StandardError + up.StandardOutput, StringComparison.Ordinal);
            Assert.Equal("someone else's", await IpRoute2.ReadLoopbackAliasAsync(runner, foreign, CancellationToken.None));
            Assert.False(File.Exists(Path.Combine(stateRoot, cluster, "state.json")), "up wrote its state before refusing");
            var others = (await IpRoute2.ListNamespacesAsync(runner, CancellationToken.None)).Where(n => n.StartsWith(LocalFabric.NamespacePrefix(cluster), StringComparison.Ordinal));
            Assert.Equal([foreign], others);
        }
        finally
        {
            await runner.RunAsync(CommandRequest.Of("ip", "netns", "del", foreign).AllowingFailure());
            await LocalFabric.DeleteLeftoverNamespacesAsync(runner, cluster);
            Directory.Delete(stateRoot, recursive: true);
        }
    }
}
