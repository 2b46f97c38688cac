using System.Collections.Immutable;
using System.Text.Json;
using Meridian.Core.Planning;
using Meridian.Integration.Tests.Fabric;
using Meridian.Runtime.Processes;
using Meridian.Integration.Tests.Lab;
using Xunit.Abstractions;
using Meridian.Runtime.Files;

namespace Meridian.Integration.Tests.Endpoints;

/// <summary>The real binary: `credentials` prints the login per region; `bench commit-latency` fails clearly without a database.</summary>
[Trait("Category", "Endpoints")]
public sealed class CredentialsCommandTests(ITestOutputHelper output) : IDisposable
{
    private readonly string stateRoot = Directory.CreateTempSubdirectory("mcred-").FullName;
    private readonly string cluster = FabricLab.NewClusterName();

    public void Dispose() => Directory.Delete(stateRoot, recursive: true);

    [Fact]
    public async Task Given_a_lab_state_When_credentials_run_Then_json_and_table_carry_the_password_and_one_command_per_region()
    {
        var spec = WriteSpec();
        var secrets = ClusterSecrets.Generate();
        SecretsStore.Save(DeploymentLayout.ForCluster(stateRoot, cluster).SecretsFile, secrets);

        var json = await Meridian("credentials", spec, "--format", "json");
        var table = await Meridian("credentials", "--cluster", cluster);
        var help = await Meridian("credentials", "--help");

        Assert.Equal(0, json.ExitCode);
        using var document = JsonDocument.Parse(json.StandardOutput);
        Assert.Equal(secrets.AppPassword, document.RootElement.GetProperty("password").GetString());
        Assert.Equal([3306, 3307], document.RootElement.GetProperty("endpoints").EnumerateArray().Select(e => e.GetProperty("port").GetInt32()));
        Assert.Equal(0, table.ExitCode);
        var ca = Path.Combine(DeploymentLayout.ForCluster(stateRoot, cluster).PkiDirectory, "ca-sql.crt");
        Assert.Equal(ca, document.RootElement.GetProperty("sqlCa").GetString());
        Assert.Contains($"mariadb -h 127.0.0.1 -P 3307 -u app -p'{secrets.AppPassword}' --ssl --ssl-verify-server-cert --ssl-ca={ca} app\n", table.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("secret", help.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_a_spec_with_endpoints_port_When_credentials_run_by_file_or_cluster_Then_every_port_follows_it()
    {
        const int Port = LabEndpointPorts.CredentialsCommand;
        var spec = WriteSpec(Port);
        var secrets = ClusterSecrets.Generate();
        SecretsStore.Save(DeploymentLayout.ForCluster(stateRoot, cluster).SecretsFile, secrets);

        var json = await Meridian("credentials", spec, "--format", "json");
        var table = await Meridian("credentials", "--cluster", cluster);

        Assert.Equal(0, json.ExitCode);
        Assert.Equal([Port, Port + 1], LabLogin.Parse(json.StandardOutput).Ports.AsEnumerable());
        Assert.Equal(0, table.ExitCode);
        Assert.Contains($"mariadb -h 127.0.0.1 -P {Port + 1} -u app -p'{secrets.AppPassword}' --ssl --ssl-verify-server-cert --ssl-ca=", table.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("3306", table.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_no_database_behind_the_endpoint_When_the_bench_runs_Then_it_names_the_endpoint_and_exits_1()
    {
        // Its own range: on 3306 another lab (or a MariaDB) could answer, and the bench would measure that.
        await LabEndpointPorts.WaitUntilFreeAsync(LabEndpointPorts.CredentialsCommand, 2, output);
        var spec = WriteSpec(LabEndpointPorts.CredentialsCommand);
        SecretsStore.Save(DeploymentLayout.ForCluster(stateRoot, cluster).SecretsFile, ClusterSecrets.Generate());

        var run = await Meridian("bench", "commit-latency", spec, "-n", "3");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"127.0.0.1:{LabEndpointPorts.CredentialsCommand}", run.StandardError, StringComparison.Ordinal);
        Assert.Contains("meridian status", run.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.StandardError, StringComparison.Ordinal);
    }

    /// <summary>Two regions, saved as `up` would save them, so both FILE and --cluster find the lab; endpoints.port when given.</summary>
    private string WriteSpec(int? endpointPort = null)
    {
        var regions = string.Concat(Enumerable.Range(1, 2).Select(i => $"  - name: r{i}\n    cidr: 192.168.{60 + i}.0/24\n"));
        var path = Path.Combine(stateRoot, "spec.yaml");
        File.WriteAllText(path, $"cluster: {cluster}\nregions:\n{regions}wan:\n  rtt:\n    r1~r2: 40ms\n{(endpointPort is { } port ? LabEndpointPorts.SpecLines(port) : string.Empty)}");
        Directory.CreateDirectory(DeploymentLayout.ForCluster(stateRoot, cluster).StateDirectory);
        File.Copy(path, DeploymentLayout.ForCluster(stateRoot, cluster).SpecCopy);
        return path;
    }

    private Task<CommandResult> Meridian(params string[] args) => new MeridianBinary(stateRoot, output).RunAsync(TimeSpan.FromSeconds(60), args);
}
