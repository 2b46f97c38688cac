using System.Collections.Immutable;
using Meridian.Core.Pki;
using Meridian.Core.Planning;
using Meridian.Core.Rendering;

namespace Meridian.Runtime.Files;

/// <summary>
/// Writes a rendered plan into a state directory: every config file, and every certificate, key and CA copy at the
/// path the plan gives it. Unchanged files are left alone, so a second run reports nothing written.
/// </summary>
public static class BundleWriter
{
    public sealed record Result(ImmutableArray<string> Written, ImmutableArray<string> Unchanged);

    public static Result Write(ClusterPlan plan, DeploymentLayout layout, IReadOnlyList<RenderedFile> configs, PkiMaterial pki)
    {
        var written = ImmutableArray.CreateBuilder<string>();
        var unchanged = ImmutableArray.CreateBuilder<string>();
        foreach (var file in HostBundle.Files(plan, configs, pki))
        {
            var path = layout.ForHost(file.Host).File(file.Path);
            (AtomicFile.WriteIfChanged(path, file.Content, AtomicFile.ModeFromOctal(file.Mode)) ? written : unchanged).Add(path);
        }

        return new Result(written.ToImmutable(), unchanged.ToImmutable());
    }
}
