using Meridian.Core.Tests.Rendering;
using Meridian.Core.Tests.Spec;

namespace Meridian.Core.Tests.Scripts;

/// <summary>
/// scripts/lab-packages.sh as ./meridian runs it: sourced under <c>set -euo pipefail</c>. On a fresh machine dpkg-query
/// exits 1 for every package it has never seen, and that must not empty the missing list (issue 10, "Fresh machine").
/// </summary>
public sealed class LabPackagesScriptTests
{
    private const string Probe = "meridian-probe-no-such-package";

    [Fact]
    public void Given_an_unknown_package_under_meridians_shell_options_When_checking_Then_it_is_listed_as_missing()
    {
        var missing = MissingPackages($"MERIDIAN_PACKAGES+=({Probe})");

        Assert.Contains(Probe, missing);
    }

    [Fact]
    public void Given_only_unknown_packages_When_checking_Then_every_one_is_listed()
    {
        var missing = MissingPackages($"MERIDIAN_PACKAGES=({Probe}-a {Probe}-b)");

        Assert.Equal([$"{Probe}-a", $"{Probe}-b"], missing);
    }

    [Fact]
    public void Given_an_installed_package_beside_an_unknown_one_When_checking_Then_only_the_unknown_one_is_listed()
    {
        // bash is installed on every Debian machine that can run this test (it runs the script).
        var missing = MissingPackages($"MERIDIAN_PACKAGES=(bash {Probe})");

        Assert.Equal([Probe], missing);
    }

    private static List<string> MissingPackages(string setup)
    {
        var script = Path.Combine(SpecTestHelpers.RepositoryRoot(), "scripts", "lab-packages.sh");
        var result = ExternalTool.Run("bash", "bash", "-c", $"set -euo pipefail; . '{script}'; {setup}; meridian_missing_packages; echo end-of-list");
        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        Assert.True(lines.LastOrDefault() == "end-of-list", "the function ended the shell before it finished: " + result);
        return lines[..^1];
    }
}
