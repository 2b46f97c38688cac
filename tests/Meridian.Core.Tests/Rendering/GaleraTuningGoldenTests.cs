using System.Runtime.CompilerServices;
using System.Text;
using Meridian.Core.Planning;
using Meridian.Core.Rendering;
using Meridian.Core.Spec;

namespace Meridian.Core.Tests.Rendering;

/// <summary>
/// my.cnf of the default spec's Galera nodes under the comparison profiles, against
/// tests/Meridian.Core.Tests/GoldenTuning/PROFILE/HOST/my.cnf. The derived profile is the default plan, which
/// <see cref="GoldenFileTests"/> covers. Kept apart from Golden/ because that test treats every file there as its own.
/// Set UPDATE_GOLDEN=1 to rewrite them after an intended change, then review the diff.
/// </summary>
public sealed class GaleraTuningGoldenTests
{
    private static readonly bool Update = Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1";

    [Theory]
    [InlineData(GaleraTuning.Defaults)]
    [InlineData(GaleraTuning.Tutorial)]
    public void Given_a_comparison_profile_When_my_cnf_is_rendered_Then_it_matches_its_golden_copy(GaleraTuning tuning)
    {
        var plan = Planner.Plan(ClusterSpec.Default with { Galera = GaleraSpec.Default with { Tuning = tuning } });
        var rendered = ClusterRenderer.Render(plan, RenderFixture.Layout, RenderFixture.Secrets).Where(f => f.Path == "my.cnf").ToList();
        var profileRoot = Path.Combine(GoldenRoot(), tuning.ToString().ToLowerInvariant());
        var mismatches = new List<string>();

        Assert.Equal(3, rendered.Count);
        foreach (var file in rendered)
        {
            var goldenPath = Path.Combine(profileRoot, file.Host, file.Path);
            if (Update)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(goldenPath)!);
                File.WriteAllText(goldenPath, file.Content, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            }
            else if (!File.Exists(goldenPath))
            {
                mismatches.Add($"{goldenPath}: no golden file (run with UPDATE_GOLDEN=1)");
            }
            else if (File.ReadAllText(goldenPath) != file.Content)
            {
                mismatches.Add($"{goldenPath}: differs (run with UPDATE_GOLDEN=1 and review the diff)");
            }
        }

        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
    }

    private static string GoldenRoot([CallerFilePath] string thisFile = "") =>
        Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(thisFile)!)!, "GoldenTuning");
}
