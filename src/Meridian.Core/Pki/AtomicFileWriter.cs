using System.Text;

namespace Meridian.Core.Pki;

/// <summary>
/// Writes files so that a reader never sees a half-written file and a secret is never readable by others, even for an
/// instant: the content goes to a temporary file in the same directory that is created with its final mode, is flushed
/// to disk, and is then renamed over the target (rename(2) is atomic within one file system).
/// </summary>
internal static class AtomicFileWriter
{
    public const UnixFileMode PrivateDirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    public const UnixFileMode SecretFileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public const UnixFileMode PublicFileMode = SecretFileMode | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    private const string TemporarySuffix = ".partial";

    /// <summary>
    /// Removes temporary files a crashed writer left in <paramref name="directory"/>; they may hold key material.
    /// Only call this while no other writer uses the directory.
    /// </summary>
    public static void DeleteLeftovers(string directory)
    {
        foreach (var leftover in Directory.EnumerateFiles(directory, "." + "*" + TemporarySuffix))
        {
            File.Delete(leftover);
        }
    }

    /// <summary>Creates the directory with mode 0700, or tightens an existing one to 0700.</summary>
    public static void EnsurePrivateDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("Meridian keeps secrets with Unix file modes; Windows is not supported.");
        }

        Directory.CreateDirectory(path, PrivateDirectoryMode);
        File.SetUnixFileMode(path, PrivateDirectoryMode);
    }

    public static void Write(string path, string content, UnixFileMode mode)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("Meridian keeps secrets with Unix file modes; Windows is not supported.");
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
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
                stream.Write(Encoding.ASCII.GetBytes(content));
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
}
