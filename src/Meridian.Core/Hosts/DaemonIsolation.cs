using System.Collections.Immutable;

namespace Meridian.Core.Hosts;

/// <summary>
/// A private mount namespace for one daemon (<c>unshare --mount --propagation private</c>) with bind mounts made in it
/// before the daemon starts. charon has <c>/var/run/charon.pid</c> compiled in, so several charons on one filesystem
/// need their own /run (docs/architecture.md, "Rendered files", strongswan.conf). Private propagation keeps the mounts
/// out of the host's mount namespace; they disappear with the daemon, so nothing is left to unmount.
/// </summary>
public sealed record DaemonIsolation(ImmutableArray<BindMount> BindMounts)
{
    public override string ToString() => "private mounts: " + string.Join(", ", BindMounts);
}

/// <summary><c>mount --bind Source Target</c> inside the daemon's private mount namespace.</summary>
public sealed record BindMount(string Source, string Target)
{
    public override string ToString() => $"{Source} on {Target}";
}
