using System.Text;

namespace Meridian.Core.Files;

/// <summary>
/// Writes files so that a reader never sees half a file and a secret is never world-readable, even for a moment:
/// the temporary file is created with its final mode, then renamed over the target.
/// </summary>
public static class AtomicFile
{
    public const UnixFileMode Public = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
    public const UnixFileMode Secret = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    public const UnixFileMode PrivateDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

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
        var temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Environment.ProcessId}.tmp");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = mode };
        try
        {
            File.Delete(temporary);
            using (var stream = new FileStream(temporary, options))
            {
                stream.Write(Encoding.UTF8.GetBytes(content));
                stream.Flush(flushToDisk: true);
            }

            // UnixCreateMode is filtered by the umask; set it again so 0644 stays 0644 under a strict umask.
            File.SetUnixFileMode(temporary, mode);
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    public static UnixFileMode ModeFromOctal(int mode) => (UnixFileMode)mode;
}
