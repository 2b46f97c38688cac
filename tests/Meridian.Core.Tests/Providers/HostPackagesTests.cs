using Meridian.Core.Planning;
using Meridian.Core.Spec;
using Meridian.Providers.Ssh;
using Meridian.Runtime.Processes;

namespace Meridian.Core.Tests.Providers;

/// <summary>Which packages each role gets, and the scripts that check and install them (run here with the real dpkg).</summary>
public sealed class HostPackagesTests
{
    private static readonly ClusterPlan Plan = Planner.Plan(ClusterSpec.Default with
    {
        Regions = [.. ClusterSpec.Default.Regions.Take(2), ClusterSpec.Default.Regions[2] with { Nodes = 0, Arbitrator = true }],
    });

    [Fact]
    public void Given_each_role_When_packages_are_chosen_Then_a_host_gets_only_what_its_daemons_need()
    {
        var router = HostPackages.For(Plan.Host("us-east-1-vpn"));
        var node = HostPackages.For(Plan.Host("us-east-1-db1"));
        var arbitrator = HostPackages.For(Plan.Host("ap-northeast-1-arb"));

        Assert.Contains("strongswan-charon", router);
        Assert.Contains("haproxy", router);
        Assert.DoesNotContain("mariadb-server", router);
        Assert.Contains("mariadb-server", node);
        Assert.Contains("mariadb-backup", node);
        Assert.Contains("etcd-server", node); // the region's first node is its etcd member
        Assert.DoesNotContain("strongswan-charon", node);
        Assert.Contains("galera-arbitrator-4", arbitrator);
        Assert.Contains("etcd-server", arbitrator); // a region without data nodes keeps etcd on its arbitrator
        Assert.DoesNotContain("mariadb-server", arbitrator);
    }

    /// <summary>
    /// The lab box installs its own list (scripts/lab-packages.sh, which runs before anything is built); bare machines
    /// share its /usr, so every package a role can get must be on that list, or `up` over SSH would try apt in the lab.
    /// </summary>
    [Fact]
    public void Given_every_role_When_its_packages_are_compared_with_the_lab_script_Then_the_lab_box_has_them_all()
    {
        var script = File.ReadAllText(Path.Combine(Meridian.Core.Tests.Spec.SpecTestHelpers.RepositoryRoot(), "scripts", "lab-packages.sh"));
        var start = script.IndexOf("MERIDIAN_PACKAGES=(", StringComparison.Ordinal);
        var list = script[start..script.IndexOf("\n)", start, StringComparison.Ordinal)]
            .Split('\n').Select(l => l.Split('#')[0]).SelectMany(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToHashSet(StringComparer.Ordinal);

        var needed = Plan.Hosts.SelectMany(HostPackages.For).ToHashSet(StringComparer.Ordinal);

        Assert.Equal([], needed.Except(list).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Given_installed_and_unknown_packages_When_the_missing_script_runs_Then_it_prints_only_the_missing_ones()
    {
        var script = HostPackages.MissingScript(["bash", "coreutils", "meridian-no-such-package", "dpkg"]);

        var result = await ProcessCommandRunner.Instance.RunAsync(CommandRequest.Of("sh", "-c", script));

        Assert.True(result.Succeeded, result.StandardError);
        Assert.Equal("meridian-no-such-package", result.StandardOutput.Trim());
    }

    [Fact]
    public void Given_packages_When_the_install_script_is_made_Then_nothing_starts_and_names_are_quoted()
    {
        var script = HostPackages.InstallScript(["haproxy", "evil;rm -rf /"]);

        Assert.Contains("exit 101", script, StringComparison.Ordinal); // policy-rc.d: maintainer scripts start nothing
        Assert.Contains("DEBIAN_FRONTEND=noninteractive", script, StringComparison.Ordinal);
        Assert.Contains("'evil;rm -rf /'", script, StringComparison.Ordinal);
        Assert.Contains("--no-install-recommends", script, StringComparison.Ordinal);
    }
}
