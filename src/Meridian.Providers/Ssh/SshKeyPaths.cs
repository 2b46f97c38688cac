namespace Meridian.Providers.Ssh;

/// <summary>
/// Resolves the key and known_hosts paths a spec gives: <c>~/</c> is the operator's home ($HOME), a relative path is
/// relative to the spec file's directory (so a spec and its keys can travel together), an absolute path stays.
/// </summary>
public static class SshKeyPaths
{
    public static string Resolve(string path, string specDirectory, string? home)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path == "~" || path.StartsWith("~/", StringComparison.Ordinal))
        {
            return Path.Join(home ?? "/root", path.Length == 1 ? string.Empty : path[2..]);
        }

        return Path.IsPathRooted(path) ? path : Path.GetFullPath(Path.Combine(specDirectory, path));
    }
}
