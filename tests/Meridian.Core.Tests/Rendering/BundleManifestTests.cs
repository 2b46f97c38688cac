using System.Collections.Immutable;
using Meridian.Core.Planning;
using Meridian.Core.Rendering;

namespace Meridian.Core.Tests.Rendering;

/// <summary>The manifest decides what an `up` over SSH rewrites: nothing when nothing changed.</summary>
public sealed class BundleManifestTests
{
    private static readonly BundleFile Config = new("h", "my.cnf", "[mysqld]\n", PlannedFile.GroupReadableMode, "mysql");
    private static readonly BundleFile Key = new("h", "tls/galera.key", "KEY", PlannedFile.SecretMode, null);

    [Fact]
    public void Given_the_manifest_of_the_same_bundle_When_diffed_Then_nothing_is_written_or_removed()
    {
        var manifest = BundleManifest.Parse(BundleManifest.Format([Config, Key]));

        var (changed, removed) = BundleManifest.Diff([Key, Config], manifest);

        Assert.Empty(changed);
        Assert.Empty(removed);
    }

    public static TheoryData<string, BundleFile, string[], string[]> Changes => new()
    {
        { "content", Config with { Content = "[mysqld]\nport=3307\n" }, ["my.cnf"], [] },
        { "mode", Config with { Mode = PlannedFile.SecretMode }, ["my.cnf"], [] },
        { "group", Config with { Group = null }, ["my.cnf"], [] },
        { "renamed", Config with { Path = "conf/my.cnf" }, ["conf/my.cnf"], ["my.cnf"] },
    };

    [Theory]
    [MemberData(nameof(Changes))]
    public void Given_one_change_When_diffed_Then_only_that_file_is_written_and_a_vanished_path_removed(string what, BundleFile changedConfig, string[] written, string[] gone)
    {
        var manifest = BundleManifest.Parse(BundleManifest.Format([Config, Key]));

        var (changed, removed) = BundleManifest.Diff([changedConfig, Key], manifest);

        Assert.True(written.SequenceEqual(changed.Select(f => f.Path)), what);
        Assert.Equal(gone, removed.AsEnumerable());
    }

    [Fact]
    public void Given_no_or_a_damaged_manifest_When_diffed_Then_every_file_is_written()
    {
        Assert.Equal(2, BundleManifest.Diff([Config, Key], BundleManifest.Parse(null)).Changed.Length);
        Assert.Equal(2, BundleManifest.Diff([Config, Key], BundleManifest.Parse("garbage\nabc 644 root my.cnf\n")).Changed.Length);
    }

    [Fact]
    public void Given_a_plan_When_its_bundle_is_listed_Then_every_planned_file_appears_once_with_its_mode_and_group()
    {
        var plan = Planner.Plan(Meridian.Core.Spec.ClusterSpec.Default);
        var configs = ClusterRenderer.Render(plan, new DeploymentLayout("/s"), new ClusterSecrets("sst", "app"));
        var pki = new Meridian.Core.Pki.PkiMaterial(
            plan.Certificates.Select(c => Meridian.Core.Pki.PkiNames.CaName(c.Domain)).Distinct().ToImmutableDictionary(n => n, n => $"CA {n}"),
            plan.Certificates.ToImmutableDictionary(c => c.Name, c => new Meridian.Core.Pki.IssuedCertificate(c.Name, $"CERT {c.Name}", $"KEY {c.Name}")));

        var files = HostBundle.Files(plan, configs, pki);

        Assert.Equal(plan.Files.Select(f => (f.Host, f.Path)).Order(), files.Select(f => (f.Host, f.Path)).Order());
        var cnf = files.Single(f => f.Host == "us-east-1-db1" && f.Path == "my.cnf");
        Assert.Equal((PlannedFile.GroupReadableMode, "mysql"), (cnf.Mode, cnf.Group));
        Assert.Equal("KEY galera-us-east-1-db1", files.Single(f => f.Host == "us-east-1-db1" && f.Path == HostFilePaths.GaleraKey).Content);
    }
}
