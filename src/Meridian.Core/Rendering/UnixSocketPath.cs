namespace Meridian.Core.Rendering;

/// <summary>
/// Unix socket paths must fit sockaddr_un.sun_path (108 bytes with the NUL, see unix(7)); HAProxy allows only 97 because it
/// binds a temporary "PATH.PID.tmp" first. A long state directory or region name would otherwise surface as a daemon
/// failing at start-up, far from the cause.
/// </summary>
public static class UnixSocketPath
{
    public const int KernelMaxLength = 107;
    public const int HaproxyMaxLength = 97;

    public static string Checked(string path, int maxLength, string owner)
    {
        ArgumentNullException.ThrowIfNull(path);
        return System.Text.Encoding.UTF8.GetByteCount(path) <= maxLength
            ? path
            : throw new InvalidOperationException(
                $"The {owner} socket path '{path}' is {path.Length} bytes; the limit is {maxLength}. " +
                "Use a shorter state directory (MERIDIAN_STATE_ROOT) or shorter cluster/region names.");
    }
}
