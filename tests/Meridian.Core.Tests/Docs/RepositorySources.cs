namespace Meridian.Core.Tests.Docs;

/// <summary>
/// The repository's own text sources: every .cs, .md and .sh file, and every extensionless script (a file starting with
/// "#!", such as ./meridian and .ci/run), outside build output (bin/, obj/) and .git.
/// </summary>
internal static class RepositorySources
{
    private static readonly HashSet<string> SkippedDirectories = new(StringComparer.Ordinal) { "bin", "obj", ".git" };

    private static readonly HashSet<string> Extensions = new(StringComparer.Ordinal) { ".cs", ".md", ".sh" };

    /// <summary>Paths relative to <paramref name="root"/>, with '/' separators, in a stable order.</summary>
    public static IReadOnlyList<string> Under(string root)
    {
        var found = new List<string>();
        Walk(new DirectoryInfo(root), root, found);
        found.Sort(StringComparer.Ordinal);
        return found;
    }

    private static void Walk(DirectoryInfo directory, string root, List<string> found)
    {
        foreach (var file in directory.EnumerateFiles())
        {
            if (Extensions.Contains(file.Extension) || (file.Extension.Length == 0 && IsScript(file)))
            {
                found.Add(Path.GetRelativePath(root, file.FullName).Replace(Path.DirectorySeparatorChar, '/'));
            }
        }

        foreach (var child in directory.EnumerateDirectories())
        {
            if (!SkippedDirectories.Contains(child.Name) && !child.Attributes.HasFlag(FileAttributes.ReparsePoint))
            {
                Walk(child, root, found);
            }
        }
    }

    private static bool IsScript(FileInfo file)
    {
        if (file.Length < 2)
        {
            return false;
        }

        using var stream = file.OpenRead();
        return stream.ReadByte() == '#' && stream.ReadByte() == '!';
    }
}
