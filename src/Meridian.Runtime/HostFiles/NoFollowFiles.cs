using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Meridian.Runtime.HostFiles;

/// <summary>
/// File writes for the root agent inside directories mysql can write to (the datadir, log/): .NET's File APIs follow
/// symlinks, so a link planted there by mysql would make root write wherever it points, and this kernel has
/// fs.protected_symlinks=0. Every open here either creates a new name with O_CREAT|O_EXCL (which never follows a link,
/// POSIX open(2)) or uses O_NOFOLLOW; a replacement is a rename(2) within the directory, which replaces a link instead of
/// following it. Ownership is set with fchown on the opened file. docs/security.md, "Host privileges and secrets".
/// </summary>
public static partial class NoFollowFiles
{
    public const int RootUid = 0;

    // x86_64 and aarch64 share these except O_NOFOLLOW (asm-generic/fcntl.h vs arch/arm64).
    private const int ReadOnly = 0x0;
    private const int WriteOnly = 0x1;
    private const int Create = 0x40;
    private const int Append = 0x400;
    private const int NonBlocking = 0x800; // a planted FIFO fails the open instead of hanging the agent
    private const int CloseOnExec = 0x80000;
    private const int TooManyLinks = 40; // ELOOP: the last component is a symlink and O_NOFOLLOW was given.

    private static int NoFollow => RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? 0x8000 : 0x20000;

    /// <summary>
    /// Atomically replaces <paramref name="path"/> with <paramref name="content"/>: a fresh, randomly named temporary
    /// file in the same directory (O_EXCL), flushed, handed to <paramref name="owner"/>, renamed over the target.
    /// </summary>
    public static void Replace(string path, string content, UnixFileMode mode, (int Uid, int Gid) owner)
    {
        var directory = Path.GetDirectoryName(path)!;
        var temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))}.tmp");
        try
        {
            using (var stream = CreateNew(temporary, mode))
            {
                Chown(stream.SafeFileHandle, owner.Uid, owner.Gid);
                stream.Write(Encoding.UTF8.GetBytes(content));
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    /// <summary>
    /// Removes whatever <paramref name="path"/> names (unlink(2) removes a link, never its target) and creates an empty
    /// file there with O_EXCL. If something re-creates the name in between, this throws instead of following it.
    /// </summary>
    public static void RecreateEmpty(string path, UnixFileMode mode, (int Uid, int Gid) owner)
    {
        File.Delete(path);
        using var stream = CreateNew(path, mode);
        Chown(stream.SafeFileHandle, owner.Uid, owner.Gid);
    }

    /// <summary>The text of a regular file, or null when it does not exist; throws when the name is a symlink.</summary>
    public static string? ReadAllTextOrNull(string path)
    {
        var fd = Open(path, ReadOnly | NoFollow | NonBlocking | CloseOnExec, 0);
        if (fd < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            return errno == 2 ? null : throw Failure(path, errno);
        }

        using var stream = new FileStream(new SafeFileHandle(fd, ownsHandle: true), FileAccess.Read);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    /// <summary>
    /// For an append-only log: O_APPEND|O_CREAT|O_NOFOLLOW, created with <paramref name="mode"/>, then forced to
    /// root:root and that mode even if someone else created the name first.
    /// </summary>
    public static FileStream OpenAppendAsRoot(string path, UnixFileMode mode)
    {
        var handle = OpenOwned(path, WriteOnly | Append, mode, (RootUid, 0));
        return new FileStream(handle, FileAccess.Write);
    }

    /// <summary>Creates the file if it is missing (O_NOFOLLOW) and forces its owner and mode; never touches a link's target.</summary>
    public static void EnsureFile(string path, UnixFileMode mode, (int Uid, int Gid) owner) =>
        OpenOwned(path, WriteOnly, mode, owner).Dispose();

    /// <summary>
    /// Forces the owner and mode of an existing file or directory (O_NOFOLLOW, then fchown and fchmod on what was opened),
    /// so a symlink at <paramref name="path"/> fails instead of handing its target over.
    /// </summary>
    public static void SetOwnerAndMode(string path, UnixFileMode mode, (int Uid, int Gid) owner)
    {
        var fd = Open(path, ReadOnly | NoFollow | NonBlocking | CloseOnExec, 0);
        if (fd < 0)
        {
            throw Failure(path, Marshal.GetLastPInvokeError());
        }

        using var handle = new SafeFileHandle(fd, ownsHandle: true);
        Chown(handle, owner.Uid, owner.Gid);
        if (FChmod(handle, (uint)mode) != 0)
        {
            throw new IOException($"fchmod {path} failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    /// <summary>The owner of <paramref name="path"/> itself (a symlink's own, never its target's), from statx(2).</summary>
    public static unsafe (int Uid, int Gid) OwnerOf(string path)
    {
        // struct statx (linux/stat.h, the same on every architecture): stx_uid at byte 20, stx_gid at 24; 256 bytes.
        var buffer = stackalloc byte[256];
        if (Statx(CurrentDirectory, path, SymlinkNoFollow, StatxUid | StatxGid, buffer) != 0)
        {
            throw new IOException($"statx {path} failed: errno {Marshal.GetLastPInvokeError()}");
        }

        return (*(int*)(buffer + 20), *(int*)(buffer + 24));
    }

    /// <summary>
    /// lchown(2) on <paramref name="path"/> and everything below it, never following a symlink and never descending
    /// into one. Call it only on a tree nobody else writes to while it runs (see <see cref="DaemonFiles"/>).
    /// </summary>
    public static void ChownTree(string path, (int Uid, int Gid) owner)
    {
        LChownChecked(path, owner);
        foreach (var entry in Directory.EnumerateFileSystemEntries(path))
        {
            var info = new FileInfo(entry);
            if (info.LinkTarget is null && info.Attributes.HasFlag(FileAttributes.Directory))
            {
                ChownTree(entry, owner);
            }
            else
            {
                LChownChecked(entry, owner);
            }
        }
    }

    private static void LChownChecked(string path, (int Uid, int Gid) owner)
    {
        if (LChown(path, owner.Uid, owner.Gid) != 0)
        {
            throw new IOException($"lchown {owner.Uid}:{owner.Gid} {path} failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    private static SafeFileHandle OpenOwned(string path, int flags, UnixFileMode mode, (int Uid, int Gid) owner)
    {
        var fd = Open(path, flags | Create | NoFollow | NonBlocking | CloseOnExec, (uint)mode);
        if (fd < 0)
        {
            throw Failure(path, Marshal.GetLastPInvokeError());
        }

        var handle = new SafeFileHandle(fd, ownsHandle: true);
        try
        {
            Chown(handle, owner.Uid, owner.Gid);
            if (FChmod(handle, (uint)mode) != 0)
            {
                throw new IOException($"fchmod {path} failed: errno {Marshal.GetLastPInvokeError()}");
            }

            return handle;
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    private static FileStream CreateNew(string path, UnixFileMode mode) =>
        new(path, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None, UnixCreateMode = mode });

    private static IOException Failure(string path, int errno) => errno == TooManyLinks
        ? new IOException($"{path} is a symlink; refusing to follow it as root (docs/security.md)")
        : new IOException($"open {path} failed: errno {errno}");

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags, uint mode);

    /// <summary>fchown(2) on an open file: acts on the file that was opened, whatever the path points at by now.</summary>
    public static void Chown(SafeFileHandle handle, int uid, int gid)
    {
        ArgumentNullException.ThrowIfNull(handle);
        if (FChown(handle, uid, gid) != 0)
        {
            throw new IOException($"fchown {uid}:{gid} failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    [LibraryImport("libc", EntryPoint = "fchown", SetLastError = true)]
    private static partial int FChown(SafeFileHandle handle, int owner, int group);

    private const int CurrentDirectory = -100; // AT_FDCWD
    private const int SymlinkNoFollow = 0x100; // AT_SYMLINK_NOFOLLOW
    private const uint StatxUid = 0x8;
    private const uint StatxGid = 0x10;

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int Statx(int directoryFd, string path, int flags, uint mask, byte* buffer);

    [LibraryImport("libc", EntryPoint = "lchown", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int LChown(string path, int owner, int group);

    [LibraryImport("libc", EntryPoint = "fchmod", SetLastError = true)]
    private static partial int FChmod(SafeFileHandle handle, uint mode);
}
