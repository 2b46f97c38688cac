using System.Runtime.InteropServices;

namespace Meridian.Agent;

/// <summary>
/// Ownership of the files the agent (root) shares with mariadbd (mysql), via lchown(2), which never follows
/// a symlink. mariadbd and its SST scripts run as mysql and must own what they write (docs/lab-notes.md#ownership); what
/// they only read (my.cnf, the Galera key) stays root-owned and group-readable (docs/security.md, "Host privileges and
/// secrets").
/// </summary>
public static partial class Ownership
{
    public const int RootUid = 0;

    private static readonly Lazy<(int Uid, int Gid)> Mysql = new(LookUpMysql);

    public static int MysqlUid => Mysql.Value.Uid;

    public static int MysqlGid => Mysql.Value.Gid;

    public static void ChownToMysql(string path) => LChownChecked(path, Mysql.Value.Uid, Mysql.Value.Gid);

    /// <summary>
    /// root:mysql with <paramref name="mode"/>: mysql may read what the mode grants the group but can neither change
    /// the file nor its mode. Refuses a symlink (chmod(2) would follow it).
    /// </summary>
    public static void MakeRootOwnedMysqlReadable(string path, UnixFileMode mode)
    {
        if (new FileInfo(path).LinkTarget is not null)
        {
            throw new IOException($"{path} is a symlink; refusing to change its target's owner or mode");
        }

        LChownChecked(path, RootUid, Mysql.Value.Gid);
        File.SetUnixFileMode(path, mode);
    }

    public static void ChownTreeToMysql(string root)
    {
        ChownToMysql(root);
        foreach (var entry in Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories))
        {
            ChownToMysql(entry);
        }
    }

    private static void LChownChecked(string path, int uid, int gid)
    {
        if (LChown(path, uid, gid) != 0)
        {
            throw new IOException($"chown {uid}:{gid} {path} failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    [LibraryImport("libc", EntryPoint = "lchown", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int LChown(string path, int owner, int group);

    private static (int Uid, int Gid) LookUpMysql()
    {
        foreach (var line in File.ReadLines("/etc/passwd"))
        {
            var fields = line.Split(':');
            if (fields.Length > 3 && fields[0] == "mysql")
            {
                return (int.Parse(fields[2], System.Globalization.CultureInfo.InvariantCulture), int.Parse(fields[3], System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        throw new InvalidOperationException("No mysql user in /etc/passwd: is mariadb-server installed?");
    }
}
