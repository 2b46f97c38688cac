namespace Meridian.Runtime.HostFiles;

/// <summary>
/// Logs are 0640 or tighter and their directories 0750 (issue 11; docs/security.md, "Host privileges and secrets"):
/// the launchers create the files under umask 027, and every log directory goes through here.
/// </summary>
public static class LogDirectory
{
    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead;

    public const UnixFileMode DirectoryMode = FileMode | UnixFileMode.UserExecute | UnixFileMode.GroupExecute;

    /// <summary>Creates <paramref name="path"/> 0750, or tightens an existing one to 0750 (its owner and group stay).</summary>
    public static void Ensure(string path)
    {
        Directory.CreateDirectory(path, DirectoryMode);
        File.SetUnixFileMode(path, DirectoryMode);
    }
}
