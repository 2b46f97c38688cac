using System.Globalization;
using Meridian.Core.Planning;
using Meridian.Integration.Tests.Fabric;
using Meridian.Runtime.HostFiles;
using Meridian.Runtime.Processes;

namespace Meridian.Integration.Tests.Processes;

/// <summary>
/// Handing a directory to a daemon's user (etcd's data-dir, HAProxy's run directory) without ever giving away a file root
/// owns elsewhere (docs/security.md, "Who owns what for etcd and HAProxy"): a root-owned tree from an older layout is
/// handed over entry by entry without following links; a tree the daemon already owns is not walked, because the daemon
/// could have planted links in it. Real kernel, Debian's real etcd user.
/// </summary>
public sealed class DaemonFilesTests : IDisposable
{
    private const string SentinelText = "root's file, must stay root's\n";
    private readonly string _root = Path.Combine("/tmp", "mdf-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly string _sentinel;
    private readonly ServiceAccount _etcd = ServiceAccount.Lookup(DaemonUsers.Etcd);

    public DaemonFilesTests()
    {
        RootRequirement.Ensure();
        Directory.CreateDirectory(_root);
        File.SetUnixFileMode(_root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.OtherExecute);
        _sentinel = Path.Combine(_root, "root-only-file");
        File.WriteAllText(_sentinel, SentinelText);
    }

    [Fact]
    public void Given_a_root_owned_data_dir_with_a_link_in_it_When_handed_to_etcd_Then_every_entry_is_etcds_and_the_links_target_stays_roots()
    {
        var data = Path.Combine(_root, "etcd");
        Directory.CreateDirectory(Path.Combine(data, "member", "wal"));
        File.WriteAllText(Path.Combine(data, "member", "wal", "0.wal"), "wal");
        File.CreateSymbolicLink(Path.Combine(data, "member", "link"), _sentinel);
        Directory.CreateSymbolicLink(Path.Combine(data, "dirlink"), _root);

        DaemonFiles.EnsureOwnedDirectory(data, _etcd, DaemonFiles.PrivateDirectoryMode);

        foreach (var entry in new[] { data, Path.Combine(data, "member"), Path.Combine(data, "member", "wal", "0.wal"), Path.Combine(data, "member", "link"), Path.Combine(data, "dirlink") })
        {
            Assert.Equal((_etcd.Uid, _etcd.Gid), NoFollowFiles.OwnerOf(entry));
        }

        Assert.Equal(DaemonFiles.PrivateDirectoryMode, File.GetUnixFileMode(data));
        Assert.Equal((NoFollowFiles.RootUid, 0), NoFollowFiles.OwnerOf(_sentinel));
        Assert.Equal((NoFollowFiles.RootUid, 0), NoFollowFiles.OwnerOf(_root));
    }

    [Fact]
    public async Task Given_etcd_already_owns_the_dir_and_planted_a_link_in_it_When_ensured_again_Then_root_does_not_walk_it()
    {
        var data = Path.Combine(_root, "etcd");
        DaemonFiles.EnsureOwnedDirectory(data, _etcd, DaemonFiles.PrivateDirectoryMode);
        var planted = Path.Combine(data, "planted");
        var link = await ProcessCommandRunner.Instance.RunAsync(CommandRequest.Of("runuser", ["-u", DaemonUsers.Etcd, "--", "ln", "-s", _sentinel, planted]).AllowingFailure());
        Assert.Equal(0, link.ExitCode);
        var rootFile = Path.Combine(data, "left-by-root");
        File.WriteAllText(rootFile, "x");

        DaemonFiles.EnsureOwnedDirectory(data, _etcd, DaemonFiles.PrivateDirectoryMode);

        Assert.Equal((NoFollowFiles.RootUid, 0), NoFollowFiles.OwnerOf(rootFile));
        Assert.Equal((NoFollowFiles.RootUid, 0), NoFollowFiles.OwnerOf(_sentinel));
        Assert.Equal(SentinelText, await File.ReadAllTextAsync(_sentinel));
    }

    [Fact]
    public void Given_a_symlink_at_a_planned_files_name_When_its_owner_is_set_Then_it_fails_and_the_target_keeps_its_owner_and_mode()
    {
        var config = Path.Combine(_root, "etcd.conf.yml");
        File.CreateSymbolicLink(config, _sentinel);
        var before = File.GetUnixFileMode(_sentinel);

        var error = Assert.Throws<IOException>(() => NoFollowFiles.SetOwnerAndMode(config, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, (NoFollowFiles.RootUid, _etcd.Gid)));

        Assert.Contains("symlink", error.Message, StringComparison.Ordinal);
        Assert.Equal((NoFollowFiles.RootUid, 0), NoFollowFiles.OwnerOf(_sentinel));
        Assert.Equal(before, File.GetUnixFileMode(_sentinel));
        Assert.Equal(_etcd.Gid, ServiceAccount.GroupId(DaemonUsers.Etcd));
        Assert.Equal(_etcd.Uid, int.Parse(File.ReadLines("/etc/passwd").Single(l => l.StartsWith("etcd:", StringComparison.Ordinal)).Split(':')[2], CultureInfo.InvariantCulture));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
