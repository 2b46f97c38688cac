using Meridian.Core.Planning;

namespace Meridian.Runtime.HostFiles;

/// <summary>
/// Ownership of what a daemon that runs as its own user (etcd, HAProxy) reads and writes (docs/security.md, "Host
/// privileges and secrets"): what it only reads (config, keys) is root-owned and group-readable, 0640, as the plan says
/// (<see cref="PlannedFile.Group"/>); what it writes (its data and run directories) is its own. The launchers apply this
/// at every start and `up` after every bundle write, so an older, root-owned layout converges.
/// </summary>
public static class DaemonFiles
{
    public const UnixFileMode PrivateDirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>root:GROUP with the planned mode for every planned file of every host that names a group.</summary>
    public static void ApplyGroups(ClusterPlan plan, DeploymentLayout layout)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(layout);
        foreach (var host in plan.Hosts)
        {
            ApplyGroups(plan, host.Name, layout.ForHost(host.Name));
        }
    }

    /// <summary>
    /// root:GROUP with the planned mode for <paramref name="host"/>'s planned files that name a group. A file not
    /// written yet is skipped: the daemon that needs it reports it missing.
    /// </summary>
    public static void ApplyGroups(ClusterPlan plan, string host, HostLayout layout)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(layout);
        foreach (var file in plan.Files.Where(f => f.Host == host && f.Group is not null))
        {
            var path = layout.File(file.Path);
            if (File.Exists(path))
            {
                NoFollowFiles.SetOwnerAndMode(path, (UnixFileMode)file.Mode, (NoFollowFiles.RootUid, ServiceAccount.GroupId(file.Group!)));
            }
        }
    }

    /// <summary>
    /// A directory the daemon owns and writes (etcd's data-dir, HAProxy's run directory): created if missing, handed to
    /// <paramref name="account"/> with everything in it when root still owns it (a layout from before the daemon had its
    /// own user: everything in it was written by root, so no link in it was planted by the daemon), then given
    /// <paramref name="mode"/>. A tree the daemon already owns is not walked: the daemon could have planted links there.
    /// </summary>
    public static void EnsureOwnedDirectory(string path, ServiceAccount account, UnixFileMode mode)
    {
        ArgumentNullException.ThrowIfNull(account);
        Directory.CreateDirectory(path, mode);
        var owner = (account.Uid, account.Gid);
        if (NoFollowFiles.OwnerOf(path).Uid != account.Uid)
        {
            NoFollowFiles.ChownTree(path, owner);
        }

        NoFollowFiles.SetOwnerAndMode(path, mode, owner);
    }
}
