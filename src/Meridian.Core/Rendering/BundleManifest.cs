using System.Collections.Immutable;
using System.Globalization;

namespace Meridian.Core.Rendering;

/// <summary>
/// What a host was last given (pure): one line per file, <c>SHA256 MODE GROUP PATH</c>, kept on the host next to the
/// files (docs/providers.md, "Re-running up"). Comparing it with the new bundle says which files to write and which to
/// remove, so an `up` with nothing changed writes nothing and restarts nothing.
/// </summary>
public static class BundleManifest
{
    public const string FileName = "manifest.meridian";

    public static string Format(IEnumerable<BundleFile> files) =>
        string.Concat(files.OrderBy(f => f.Path, StringComparer.Ordinal)
            .Select(f => $"{f.Sha256} {Convert.ToString(f.Mode, 8)} {f.Group ?? "root"} {f.Path}\n"));

    /// <summary>Path → "SHA256 MODE GROUP" of a manifest's text; malformed lines are skipped (that file is then rewritten).</summary>
    public static ImmutableDictionary<string, string> Parse(string? text)
    {
        var entries = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (var line in (text ?? string.Empty).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split(' ', 4);
            if (parts.Length == 4 && parts[0].Length == 64 && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out _))
            {
                entries[parts[3]] = $"{parts[0]} {parts[1]} {parts[2]}";
            }
        }

        return entries.ToImmutable();
    }

    /// <summary>The files whose content, mode or group differ from the manifest, and the manifest's paths no longer in the bundle.</summary>
    public static (ImmutableArray<BundleFile> Changed, ImmutableArray<string> Removed) Diff(IReadOnlyCollection<BundleFile> files, ImmutableDictionary<string, string> manifest)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(manifest);
        var changed = files.Where(f => manifest.GetValueOrDefault(f.Path) != $"{f.Sha256} {Convert.ToString(f.Mode, 8)} {f.Group ?? "root"}").ToImmutableArray();
        var paths = files.Select(f => f.Path).ToHashSet(StringComparer.Ordinal);
        return (changed, [.. manifest.Keys.Where(p => !paths.Contains(p)).Order(StringComparer.Ordinal)]);
    }
}
