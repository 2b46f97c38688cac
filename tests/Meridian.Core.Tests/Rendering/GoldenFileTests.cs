using System.Runtime.CompilerServices;
using System.Text;

namespace Meridian.Core.Tests.Rendering;

/// <summary>
/// The default plan's rendered files against tests/Meridian.Core.Tests/Golden/HOST/PATH.
/// Set UPDATE_GOLDEN=1 to rewrite them after an intended change, then review the diff.
/// The golden directory is found from this source file's path, so updating writes into the repository, not bin/.
/// </summary>
public sealed class GoldenFileTests
{
    private static readonly bool Update = Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1";

    [Fact]
    public void Given_the_default_plan_When_rendered_Then_every_file_matches_its_golden_copy()
    {
        var rendered = RenderFixture.RenderDefault();
        var goldenRoot = GoldenRoot();
        var mismatches = new List<string>();

        foreach (var file in rendered)
        {
            var goldenPath = Path.Combine(goldenRoot, file.Host, file.Path);
            if (Update)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(goldenPath)!);
                File.WriteAllText(goldenPath, file.Content, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
                continue;
            }

            if (!File.Exists(goldenPath))
            {
                mismatches.Add($"{file.Host}/{file.Path}: no golden file (run with UPDATE_GOLDEN=1)");
            }
            else if (File.ReadAllText(goldenPath) != file.Content)
            {
                mismatches.Add($"{file.Host}/{file.Path}: differs from {goldenPath} (run with UPDATE_GOLDEN=1 and review the diff)");
            }
        }

        var expected = rendered.Select(f => Path.GetFullPath(Path.Combine(goldenRoot, f.Host, f.Path))).ToHashSet(StringComparer.Ordinal);
        foreach (var stale in Directory.EnumerateFiles(goldenRoot, "*", SearchOption.AllDirectories).Where(p => !expected.Contains(Path.GetFullPath(p))))
        {
            if (Update)
            {
                File.Delete(stale);
            }
            else
            {
                mismatches.Add($"{stale}: golden file no longer rendered");
            }
        }

        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
    }

    [Fact]
    public void Given_the_golden_files_Then_they_hold_no_private_key_material()
    {
        foreach (var file in RenderFixture.RenderDefault())
        {
            Assert.DoesNotContain("PRIVATE KEY", file.Content, StringComparison.Ordinal);
            Assert.DoesNotContain("BEGIN CERTIFICATE", file.Content, StringComparison.Ordinal);
        }
    }

    private static string GoldenRoot([CallerFilePath] string thisFile = "") =>
        Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(thisFile)!)!, "Golden");
}
