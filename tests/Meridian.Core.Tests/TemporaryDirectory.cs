namespace Meridian.Core.Tests;

/// <summary>
/// A fresh directory under /tmp, deleted on dispose. The name is short on purpose: rendered configs put unix sockets
/// under it, and socket paths are limited to about 100 bytes.
/// </summary>
internal sealed class TemporaryDirectory : IDisposable
{
    public TemporaryDirectory() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine("/tmp", "mrd-" + Guid.NewGuid().ToString("N")[..8]);

    public string Write(string relativePath, string content)
    {
        var full = System.IO.Path.Combine(Path, relativePath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
        return full;
    }

    /// <summary>A copy of <paramref name="source"/>'s files in a new subdirectory; File.Copy keeps the Unix modes.</summary>
    public string CopyOf(string source, string name)
    {
        var target = System.IO.Path.Combine(Path, name);
        Directory.CreateDirectory(target);
        foreach (var file in Directory.EnumerateFiles(source))
        {
            File.Copy(file, System.IO.Path.Combine(target, System.IO.Path.GetFileName(file)));
        }

        return target;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover temp directory must not fail a test.
        }
    }
}
