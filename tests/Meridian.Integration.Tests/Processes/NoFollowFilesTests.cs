using Meridian.Integration.Tests.Fabric;
using Meridian.Runtime.HostFiles;
using Meridian.Runtime.Processes;

namespace Meridian.Integration.Tests.Processes;

/// <summary>
/// The root agent's writes into a directory mysql owns (the datadir): mysql plants a symlink to a root-owned file at
/// the name root is about to write, and root must not write through it (docs/security.md, "Host privileges and
/// secrets"). Real kernel, real mysql user (runuser); this machine has fs.protected_symlinks=0, so nothing else stops it.
/// </summary>
public sealed class NoFollowFilesTests : IDisposable
{
    private const string SentinelText = "root's file, must stay as it is\n";
    private readonly string _root = Path.Combine("/tmp", "mnf-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly string _mysqlDir;
    private readonly string _sentinel;
    private readonly (int Uid, int Gid) _mysql;

    public NoFollowFilesTests()
    {
        RootRequirement.Ensure();
        _mysqlDir = Path.Combine(_root, "datadir");
        _sentinel = Path.Combine(_root, "root-only-file");
        Directory.CreateDirectory(_mysqlDir);
        File.SetUnixFileMode(_root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.OtherExecute);
        File.WriteAllText(_sentinel, SentinelText);
        var fields = File.ReadLines("/etc/passwd").Select(l => l.Split(':')).Single(f => f[0] == "mysql");
        _mysql = (int.Parse(fields[2], System.Globalization.CultureInfo.InvariantCulture), int.Parse(fields[3], System.Globalization.CultureInfo.InvariantCulture));
        Chown(_mysqlDir, _mysql);
    }

    [Fact]
    public async Task Given_mysql_plants_a_symlink_at_the_target_When_root_replaces_the_file_Then_the_link_is_replaced_and_its_target_untouched()
    {
        var target = Path.Combine(_mysqlDir, "grastate.dat");
        Assert.Equal(0, (await RunAsMysql("ln", "-s", _sentinel, target)).ExitCode);

        NoFollowFiles.Replace(target, "seqno: 5\n", UnixFileMode.UserRead | UnixFileMode.UserWrite, _mysql);

        Assert.Equal(SentinelText, await File.ReadAllTextAsync(_sentinel));
        Assert.Null(new FileInfo(target).LinkTarget);
        Assert.Equal("seqno: 5\n", await File.ReadAllTextAsync(target));
        Assert.Equal(_mysql.Uid, Stat(target).Uid);
        Assert.Empty(Directory.EnumerateFiles(_mysqlDir, "*.tmp"));
    }

    [Fact]
    public async Task Given_a_planted_symlink_When_root_recreates_a_log_or_reads_a_file_Then_it_never_follows_the_link()
    {
        var recoveryLog = Path.Combine(_mysqlDir, "wsrep-recover.log");
        var grastate = Path.Combine(_mysqlDir, "grastate.dat");
        var agentLog = Path.Combine(_mysqlDir, "agent.log");
        foreach (var link in new[] { recoveryLog, grastate, agentLog })
        {
            Assert.Equal(0, (await RunAsMysql("ln", "-s", _sentinel, link)).ExitCode);
        }

        // Truncating the recovery log: unlink + O_EXCL, so the sentinel keeps its content.
        NoFollowFiles.RecreateEmpty(recoveryLog, UnixFileMode.UserRead | UnixFileMode.UserWrite, _mysql);
        Assert.Equal(SentinelText, await File.ReadAllTextAsync(_sentinel));
        Assert.Equal(0, new FileInfo(recoveryLog).Length);

        // Reading grastate.dat through a link: refused, not read.
        var read = Assert.Throws<IOException>(() => NoFollowFiles.ReadAllTextOrNull(grastate));
        Assert.Contains("symlink", read.Message, StringComparison.Ordinal);

        // Appending to a log through a link: refused (O_NOFOLLOW → ELOOP), nothing written.
        Assert.Throws<IOException>(() => NoFollowFiles.OpenAppendAsRoot(agentLog, UnixFileMode.UserRead | UnixFileMode.UserWrite));
        Assert.Throws<IOException>(() => NoFollowFiles.EnsureFile(agentLog, UnixFileMode.UserRead | UnixFileMode.UserWrite, _mysql));
        Assert.Equal(SentinelText, await File.ReadAllTextAsync(_sentinel));
        Assert.Equal(NoFollowFiles.RootUid, Stat(_sentinel).Uid);

        // The .NET API the agent used before follows the very same link: this is what the calls above prevent.
        File.AppendAllText(grastate, "followed\n");
        Assert.NotEqual(SentinelText, await File.ReadAllTextAsync(_sentinel));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static Task<CommandResult> RunAsMysql(params string[] command) =>
        ProcessCommandRunner.Instance.RunAsync(CommandRequest.Of("runuser", ["-u", "mysql", "--", .. command]).AllowingFailure());

    private static void Chown(string path, (int Uid, int Gid) owner)
    {
        var result = ProcessCommandRunner.Instance.RunAsync(CommandRequest.Of("chown", $"{owner.Uid}:{owner.Gid}", path)).GetAwaiter().GetResult();
        Assert.Equal(0, result.ExitCode);
    }

    private static (int Uid, int Gid) Stat(string path)
    {
        var output = ProcessCommandRunner.Instance.RunAsync(CommandRequest.Of("stat", "-c", "%u %g", path)).GetAwaiter().GetResult().StandardOutput.Split(' ');
        return (int.Parse(output[0], System.Globalization.CultureInfo.InvariantCulture), int.Parse(output[1], System.Globalization.CultureInfo.InvariantCulture));
    }
}
