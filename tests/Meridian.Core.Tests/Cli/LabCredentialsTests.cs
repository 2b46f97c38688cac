using Meridian.Cli;
using Meridian.Core.Planning;
using Meridian.Core.Spec;
using Meridian.Runtime.Lab;
using Meridian.Runtime.Processes;

namespace Meridian.Core.Tests.Cli;

public sealed class LabCredentialsTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("meridian-creds-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private LabController Lab() =>
        new(Planner.Plan(ClusterSpec.Default), new DeploymentLayout(directory), ProcessCommandRunner.Instance, "meridian");

    [Fact]
    public void Given_a_secrets_file_When_loaded_Then_each_region_gets_its_local_port_and_a_ready_mariadb_command()
    {
        var secrets = ClusterSecrets.Generate();
        SecretsFile.Save(Path.Combine(directory, "secrets.env"), secrets);

        var credentials = LabCredentials.Load(Lab());

        Assert.Equal(("app", "app", secrets.AppPassword), (credentials.Database, credentials.User, credentials.Password));
        Assert.Equal([3306, 3307, 3308], credentials.Endpoints.Select(e => e.Port));
        Assert.Equal($"mariadb -h 127.0.0.1 -P 3307 -u app -p'{secrets.AppPassword}' app", credentials.Endpoints[1].Command);
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
