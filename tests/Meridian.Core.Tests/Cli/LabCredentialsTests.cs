using Meridian.Cli;
using Meridian.Core.Planning;
using Meridian.Core.Spec;
using Meridian.Runtime.Lab;
using Meridian.Runtime.Files;
using Meridian.Runtime.Processes;
using Spectre.Console;
using Spectre.Console.Testing;

namespace Meridian.Core.Tests.Cli;

public sealed class LabCredentialsTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("meridian-creds-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private LabContext Lab() =>
        new(Planner.Plan(ClusterSpec.Default), new DeploymentLayout(directory), ProcessCommandRunner.Instance, "meridian");

    [Fact]
    public void Given_a_secrets_file_When_loaded_Then_each_region_gets_its_local_port_and_a_ready_mariadb_command()
    {
        var secrets = ClusterSecrets.Generate();
        SecretsStore.Save(Path.Combine(directory, "secrets.env"), secrets);

        var credentials = LabCredentials.Load(Lab());

        var ca = Path.Combine(directory, "pki", "ca-sql.crt");
        Assert.Equal(("app", "app", secrets.AppPassword), (credentials.Database, credentials.User, credentials.Password));
        Assert.Equal([3306, 3307, 3308], credentials.Endpoints.Select(e => e.Port));
        Assert.True(credentials.RequireTls);
        Assert.Equal(ca, credentials.SqlCa);
        Assert.Equal($"mariadb -h 127.0.0.1 -P 3307 -u app -p'{secrets.AppPassword}' --ssl --ssl-verify-server-cert --ssl-ca={ca} app", credentials.Endpoints[1].Command);
        Assert.Equal($"mariadb -h 127.0.0.1 -P 3307 -u app -p --ssl --ssl-verify-server-cert --ssl-ca={ca} app", credentials.Endpoints[1].PromptingCommand);
        Assert.Equal((ca, Path.Combine(directory, "pki", "bench-sql.crt"), Path.Combine(directory, "pki", "bench-sql.key")), (credentials.Tls.CaFile, credentials.Tls.ClientCertificate, credentials.Tls.ClientKey));
        Assert.Equal(credentials.Tls, credentials.ToCheckLogin().Tls);
    }

    [Fact]
    public void Given_requireTls_false_When_loaded_Then_the_commands_still_verify_the_server()
    {
        SecretsStore.Save(Path.Combine(directory, "secrets.env"), ClusterSecrets.Generate());
        var spec = ClusterSpec.Default with { Database = DatabaseSpec.Default with { RequireTls = false } };

        var credentials = LabCredentials.Load(new LabContext(Planner.Plan(spec), new DeploymentLayout(directory), ProcessCommandRunner.Instance, "meridian"));

        Assert.False(credentials.RequireTls);
        Assert.All(credentials.Endpoints, e => Assert.Contains(" --ssl --ssl-verify-server-cert --ssl-ca=", e.PromptingCommand, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("/var/lib/meridian/demo/pki/ca-sql.crt", "--ssl --ssl-verify-server-cert --ssl-ca=/var/lib/meridian/demo/pki/ca-sql.crt")]
    [InlineData("/tmp/my state/pki/ca-sql.crt", "--ssl --ssl-verify-server-cert --ssl-ca='/tmp/my state/pki/ca-sql.crt'")]
    [InlineData("/tmp/it's/ca-sql.crt", "--ssl --ssl-verify-server-cert --ssl-ca='/tmp/it'\\''s/ca-sql.crt'")]
    public void Given_a_CA_path_When_formatted_Then_it_is_one_shell_word(string path, string expected)
    {
        Assert.Equal(expected, LabCredentials.VerifyingTlsOptions(path));
    }

    [Fact]
    public void Given_credentials_as_json_Then_they_name_the_SQL_CA_and_not_the_benchmark_key()
    {
        SecretsStore.Save(Path.Combine(directory, "secrets.env"), ClusterSecrets.Generate());
        using var writer = new StringWriter();

        JsonOutput.Write(writer, LabCredentials.Load(Lab()));

        using var json = System.Text.Json.JsonDocument.Parse(writer.ToString());
        Assert.Equal(Path.Combine(directory, "pki", "ca-sql.crt"), json.RootElement.GetProperty("sqlCa").GetString());
        Assert.True(json.RootElement.GetProperty("requireTls").GetBoolean());
        Assert.DoesNotContain("bench-sql", writer.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Given_a_narrow_console_When_a_command_is_written_Then_it_stays_one_line()
    {
        var console = new TestConsole { EmitAnsiSequences = false }.Width(40);
        var command = "mariadb -h 127.0.0.1 -P 3306 -u app -p --ssl --ssl-verify-server-cert --ssl-ca=/var/lib/meridian/demo/pki/ca-sql.crt app";

        console.WriteLine("before");
        CliConsoles.WriteUnwrapped(console, command);

        Assert.Equal(["before", command], console.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));

        // What Spectre's own WriteLine does with it at this width.
        var wrapping = new TestConsole { EmitAnsiSequences = false }.Width(40);
        wrapping.WriteLine(command);
        Assert.True(wrapping.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length > 1);
    }

    [Fact]
    public void Given_no_secrets_file_When_loaded_Then_it_says_to_run_up_and_generates_nothing()
    {
        var error = Assert.Throws<UserFacingException>(() => LabCredentials.Load(Lab()));

        Assert.Contains("no credentials yet", error.Message, StringComparison.Ordinal);
        Assert.Contains("meridian up", error.Hint, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(directory, "secrets.env")));
    }

    [Fact]
    public void Given_samples_When_summarised_Then_percentiles_are_nearest_rank()
    {
        var summary = Meridian.Core.Benchmarks.LatencySummary.Of([.. Enumerable.Range(1, 200).Select(i => TimeSpan.FromMilliseconds(i))]);

        Assert.Equal((200, 1.0, 100.0, 198.0, 200.0), (summary.Count, summary.MinMs, summary.P50Ms, summary.P99Ms, summary.MaxMs));
    }
}
