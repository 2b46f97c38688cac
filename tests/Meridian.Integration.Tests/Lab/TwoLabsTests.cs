using Meridian.Integration.Tests.Fabric;
using Meridian.Runtime.Fabric;
using Meridian.Runtime.Processes;
using Xunit.Abstractions;

namespace Meridian.Integration.Tests.Lab;

/// <summary>
/// Two full labs on one machine at the same time (issue 10): their own cluster names and endpoints.port ranges. Both
/// endpoint sets are bound at once and each answers SQL from its own Galera cluster; a lab that asks for a taken range
/// fails with a fix that names endpoints.port; taking one lab down leaves the other serving. Two regions with one node
/// each are the smallest lab the spec allows, which keeps two of them cheap on a 2-core machine.
/// </summary>
public sealed class TwoLabsTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Given_two_labs_with_their_own_clusters_and_ports_When_both_are_up_Then_each_endpoint_set_answers_SQL_from_its_own_cluster()
    {
        RootRequirement.Ensure();
        await using var first = new TwoRegionLab(output, "ta", LabEndpointPorts.TwoLabsFirst);
        await using var second = new TwoRegionLab(output, "tb", LabEndpointPorts.TwoLabsSecond);
        await LabEndpointPorts.WaitUntilFreeAsync(LabEndpointPorts.TwoLabsFirst, 2, output);
        await LabEndpointPorts.WaitUntilFreeAsync(LabEndpointPorts.TwoLabsSecond, 2, output);

        Assert.Equal(0, (await first.UpAsync()).ExitCode);

        // The second lab asking for the first one's range fails on the port, with a fix that says what to change.
        second.WriteSpec(LabEndpointPorts.TwoLabsFirst);
        var clash = await second.UpAsync();
        Assert.NotEqual(0, clash.ExitCode);
        var clashText = clash.StandardOutput + clash.StandardError;
        Assert.Contains($"127.0.0.1:{LabEndpointPorts.TwoLabsFirst}", clashText, StringComparison.Ordinal);
        Assert.Contains("already in use", clashText, StringComparison.Ordinal);
        Assert.Contains("another Meridian lab", clashText, StringComparison.Ordinal);
        Assert.Contains("endpoints.port", clashText, StringComparison.Ordinal);
        Assert.Equal(0, (await second.DownAsync()).ExitCode);

        // With its own range it comes up beside the first.
        second.WriteSpec(LabEndpointPorts.TwoLabsSecond);
        Assert.Equal(0, (await second.UpAsync()).ExitCode);

        // Both endpoint sets are bound at the same time, as the kernel and each lab's status see them.
        Assert.Equal(first.ExpectedPorts, LabEndpointPorts.Listening(first.EndpointPort, 2));
        Assert.Equal(second.ExpectedPorts, LabEndpointPorts.Listening(second.EndpointPort, 2));
        Assert.Equal(first.ExpectedPorts.Select(p => ($"127.0.0.1:{p}", true)), await first.EndpointStatusAsync());
        Assert.Equal(second.ExpectedPorts.Select(p => ($"127.0.0.1:{p}", true)), await second.EndpointStatusAsync());

        // Each endpoint leads to its own cluster: wsrep_cluster_name is the spec's cluster, and a row written in one lab
        // is read back through the other region of that lab only.
        var firstLogin = await first.CredentialsAsync();
        var secondLogin = await second.CredentialsAsync();
        Assert.Equal(first.ExpectedPorts, firstLogin.Ports.AsEnumerable());
        Assert.Equal(second.ExpectedPorts, secondLogin.Ports.AsEnumerable());
        foreach (var (lab, login) in new[] { (first, firstLogin), (second, secondLogin) })
        {
            for (var region = 0; region < 2; region++)
            {
                Assert.Equal(lab.Cluster, await LabSql.CausalScalarAsync(login.ConnectionString(region), "SELECT @@wsrep_cluster_name", LabSql.EndpointCatchUp));
            }

            await LabSql.ExecuteAsync(login.ConnectionString(0), "CREATE TABLE owner (id INT PRIMARY KEY, cluster VARCHAR(20))", LabSql.EndpointCatchUp);
            await LabSql.ExecuteAsync(login.ConnectionString(0), $"INSERT INTO owner VALUES (1, '{lab.Cluster}')");
        }

        Assert.Equal(first.Cluster, await LabSql.CausalScalarAsync(firstLogin.ConnectionString(1), "SELECT cluster FROM owner WHERE id = 1"));
        Assert.Equal(second.Cluster, await LabSql.CausalScalarAsync(secondLogin.ConnectionString(1), "SELECT cluster FROM owner WHERE id = 1"));
        Assert.Equal("1", await LabSql.CausalScalarAsync(secondLogin.ConnectionString(1), "SELECT COUNT(*) FROM owner"));

        // Taking the first lab down frees its range and leaves the second serving.
        Assert.Equal(0, (await first.DownAsync()).ExitCode);
        Assert.Empty(await LocalFabric.FindLeftoverNamespacesAsync(ProcessCommandRunner.Instance, first.Cluster));
        Assert.Empty(LabEndpointPorts.Listening(first.EndpointPort, 2));
        Assert.Equal(second.ExpectedPorts, LabEndpointPorts.Listening(second.EndpointPort, 2));
        Assert.Equal(second.Cluster, await LabSql.CausalScalarAsync(secondLogin.ConnectionString(0), "SELECT cluster FROM owner WHERE id = 1"));
    }
}
