namespace Meridian.Core.Hosts;

/// <summary>
/// A planned file a daemon reads as its own user through <paramref name="Group"/> (config, keys): root-owned, so the
/// daemon cannot change it, and group-readable (docs/security.md, "Host privileges and secrets").
/// </summary>
public sealed record DaemonFile(string Path, UnixFileMode Mode, string Group)
{
    public override string ToString() => $"{Path} root:{Group} {DaemonDirectory.Octal(Mode)}";
}
