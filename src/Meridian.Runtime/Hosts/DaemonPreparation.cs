using System.Globalization;
using Meridian.Core.Hosts;
using Meridian.Runtime.HostFiles;
using Meridian.Runtime.Processes;

namespace Meridian.Runtime.Hosts;

/// <summary>
/// What the launchers each did by hand before a start, done once from the definition: the declared directories with
/// their mode and owner, the log directory (0750, <see cref="LogDirectory"/>), and the pid file and stale files of a
/// dead predecessor, refusing to start next to a live one.
/// </summary>
internal static class DaemonPreparation
{
    public static void Prepare(string host, DaemonDefinition daemon)
    {
        var account = daemon.User is { } user ? ServiceAccount.For(user) : null;
        foreach (var directory in daemon.Directories)
        {
            // Missing parents get 0755, whatever the runner's umask (a host agent runs with 027): CreateDirectory(path,
            // mode) would give them the leaf's, and a 0700 or 0750 parent would lock a daemon user out of its own
            // directory below it (etcd's data/etcd).
            CreateTraversable(Path.GetDirectoryName(directory.Path)!);
            if (directory.OwnedByDaemon && account is not null)
            {
                // Handed over with everything in it while root still owns it (a layout from before the daemon had its
                // own user); a tree the daemon owns already is never walked (DaemonFiles.EnsureOwnedDirectory).
                DaemonFiles.EnsureOwnedDirectory(directory.Path, account, directory.Mode);
                continue;
            }

            // Any other directory keeps the owner and group it has (a log/ that is root:mysql stays so).
            Directory.CreateDirectory(directory.Path, directory.Mode);
            File.SetUnixFileMode(directory.Path, directory.Mode);
        }

        // Config and keys the daemon reads through its group: root:GROUP with the planned mode, through O_NOFOLLOW, at
        // every start, so a file `up` re-wrote (or a layout from before the daemon's own user) converges. A file not
        // written yet is skipped: the daemon that needs it reports it missing.
        foreach (var file in daemon.GroupFiles.Where(f => File.Exists(f.Path)))
        {
            NoFollowFiles.SetOwnerAndMode(file.Path, file.Mode, (NoFollowFiles.RootUid, ServiceAccount.GroupId(file.Group)));
        }

        if (daemon.LogFile is { } log)
        {
            LogDirectory.Ensure(Path.GetDirectoryName(log)!);
        }

        foreach (var own in daemon.OwnLogFiles)
        {
            LogDirectory.Ensure(Path.GetDirectoryName(own)!);
        }

        if (daemon.WorkingDirectory is { } cwd && !Directory.Exists(cwd))
        {
            throw new DirectoryNotFoundException($"its working directory {cwd} does not exist; declare it in Directories");
        }

        if (daemon.PidFile is { } pidFile)
        {
            if (LiveInstance(daemon, pidFile) is { } pid)
            {
                throw new DaemonStartException(host, daemon, $"was not started: PID {pid} (named in {pidFile}) is {daemon.Name} with the same arguments and still runs; stop it first", string.Empty);
            }

            File.Delete(pidFile);
        }

        foreach (var stale in daemon.StaleFiles)
        {
            File.Delete(stale);
        }
    }

    /// <summary>The PID in the pid file if it is alive and runs the same program with the definition's arguments.</summary>
    private static int? LiveInstance(DaemonDefinition daemon, string pidFile)
    {
        if (NoFollowFiles.ReadAllTextOrNull(pidFile) is not { } text
            || !int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
        {
            return null;
        }

        try
        {
            // comm is the program's file name cut to 15 characters (proc_pid_comm(5)).
            var program = Path.GetFileName(daemon.Program);
            var comm = File.ReadAllText($"/proc/{pid}/comm").Trim();
            var arguments = File.ReadAllText($"/proc/{pid}/cmdline").Split('\0');
            return comm == program[..Math.Min(15, program.Length)] && daemon.Arguments.All(arguments.Contains) ? pid : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private const UnixFileMode Traversable = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    /// <summary>Creates the missing directories of <paramref name="path"/>, each 0755; existing ones keep their mode.</summary>
    private static void CreateTraversable(string path)
    {
        if (Directory.Exists(path))
        {
            return;
        }

        CreateTraversable(Path.GetDirectoryName(path)!);
        Directory.CreateDirectory(path);
        File.SetUnixFileMode(path, Traversable);
    }
}
