using Meridian.Core.Spec;

namespace Meridian.Core.Tests.Spec;

/// <summary>Shared steps for spec tests: load YAML text, pick out one diagnostic, compare specs by value.</summary>
internal static class SpecTestHelpers
{
    public const string FileName = "spec.yaml";

    public static SpecLoadResult Load(string yaml) => SpecLoader.Parse(yaml, FileName);

    /// <summary>The only diagnostic with <paramref name="code"/>; fails if there is none or more than one.</summary>
    public static Diagnostic Single(SpecLoadResult result, string code)
    {
        var matches = result.Diagnostics.Where(d => d.Code == code).ToList();
        Assert.True(matches.Count == 1, $"expected exactly one {code}, got:\n{string.Join("\n", result.Diagnostics)}");
        return matches[0];
    }

    public static void AssertAt(Diagnostic diagnostic, int line, int column)
    {
        Assert.Equal(FileName, diagnostic.Location.File);
        Assert.True(
            (line, column) == (diagnostic.Location.Line, diagnostic.Location.Column),
            $"expected {line}:{column}, got {diagnostic}");
    }

    /// <summary>A valid spec: no errors, no warnings.</summary>
    public static ClusterSpec AssertClean(SpecLoadResult result)
    {
        Assert.True(result.Diagnostics.IsEmpty, string.Join("\n", result.Diagnostics));
        Assert.NotNull(result.Spec);
        return result.Spec;
    }

    /// <summary>Value equality of two specs, ignoring <see cref="ClusterSpec.SourceFile"/> (ImmutableArray compares by reference).</summary>
    public static void AssertEquivalent(ClusterSpec expected, ClusterSpec actual)
    {
        Assert.Equal(expected.Cluster, actual.Cluster);
        Assert.Equal(expected.Provider, actual.Provider);
        Assert.Equal(expected.Regions.AsEnumerable(), actual.Regions.AsEnumerable());
        Assert.Equal(expected.Rtt.ByPair.AsEnumerable(), actual.Rtt.ByPair.AsEnumerable());
        Assert.Equal(expected.Galera, actual.Galera);
        Assert.Equal(expected.Database, actual.Database);
        Assert.Equal(expected.Endpoints, actual.Endpoints);
        Assert.Equal(expected.Monitoring, actual.Monitoring);
    }

    /// <summary>The checkout root (where Meridian.sln is), for tests that read examples/ and docs/.</summary>
    public static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Meridian.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Meridian.sln not found above " + AppContext.BaseDirectory);
    }
}
