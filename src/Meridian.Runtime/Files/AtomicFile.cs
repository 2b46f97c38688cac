using System.Text;

namespace Meridian.Runtime.Files;

/// <summary>
/// Writes files so that a reader never sees a half-written file and a secret is never readable by others, even for an
/// instant: the content goes to a temporary file in the same directory that is created with its final mode, is flushed
/// to disk, and is then renamed over the target (rename(2) is atomic within one file system).
/// </summary>
public static class AtomicFile
{
    public const UnixFileMode PrivateDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    public const UnixFileMode Secret = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public const UnixFileMode Public = Secret | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    private const string TemporarySuffix = ".partial";

    /// <summary>Writes <paramref name="content"/> unless the file already holds exactly that with that mode. Returns true if it wrote.</summary>
    public static bool WriteIfChanged(string path, string content, UnixFileMode mode)
    {
        if (File.Exists(path) && File.GetUnixFileMode(path) == mode && File.ReadAllText(path) == content)
        {
            return false;
        }

        Write(path, content, mode);
        return true;
    }

    public static void Write(string path, string content, UnixFileMode mode)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}{TemporarySuffix}");
        try
        {
            var options = new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                Share = FileShare.None,
                UnixCreateMode = mode,
            };
            using (var stream = new FileStream(temporary, options))
            {
                // UnixCreateMode is filtered by the umask; setting the mode again makes 0644 certificates readable
                // by the service users (mysql, etcd) even under umask 077. Nothing has been written yet.
                File.SetUnixFileMode(stream.SafeFileHandle, mode);
                stream.Write(Encoding.UTF8.GetBytes(content));
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    /// <summary>
    /// Removes temporary files a crashed writer left in <paramref name="directory"/>; they may hold key material.
    /// Only call this while no other writer uses the directory.
    /// </summary>
    public static void DeleteLeftovers(string directory)
    {
        foreach (var leftover in Directory.EnumerateFiles(directory, $".*{TemporarySuffix}"))
        {
            File.Delete(leftover);
        }
    }

    /// <summary>Creates the directory with mode 0700, or tightens an existing one to 0700.</summary>
    public static void EnsurePrivateDirectory(string path)
    {
        Directory.CreateDirectory(path, PrivateDirectory);
        File.SetUnixFileMode(path, PrivateDirectory);
    }

    public static UnixFileMode ModeFromOctal(int mode) => (UnixFileMode)mode;
}
