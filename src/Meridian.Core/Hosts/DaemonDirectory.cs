namespace Meridian.Core.Hosts;

/// <summary>
/// A directory a daemon needs before it starts: created with <paramref name="Mode"/>, or tightened to it. With
/// <paramref name="OwnedByDaemon"/> it is handed to the daemon's <see cref="DaemonDefinition.User"/> (etcd's data-dir,
/// which etcd 3.4 wants 0700 and its own); otherwise it stays root's.
/// </summary>
public sealed record DaemonDirectory(string Path, UnixFileMode Mode, bool OwnedByDaemon = false)
{
    public override string ToString() => $"{Path} {Octal(Mode)}{(OwnedByDaemon ? " (daemon's)" : string.Empty)}";

    /// <summary>A mode as ls and chmod write it, e.g. 0750.</summary>
    public static string Octal(UnixFileMode mode) => "0" + Convert.ToString((int)mode, 8).PadLeft(3, '0');
}
