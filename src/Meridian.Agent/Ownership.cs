using System.Runtime.InteropServices;

namespace Meridian.Agent;

/// <summary>
/// chown to the mysql user via lchown(2): mariadbd and its SST scripts run as mysql and must own everything they touch
/// (LAB-NOTES, "Ownership").
/// </summary>
public static partial class Ownership
{
    private static readonly Lazy<(int Uid, int Gid)> Mysql = new(LookUpMysql);

    public static void ChownToMysql(string path)
    {
        if (LChown(path, Mysql.Value.Uid, Mysql.Value.Gid) != 0)
        {
            throw new IOException($"chown mysql {path} failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    public static void ChownTreeToMysql(string root)
    {
        ChownToMysql(root);
        foreach (var entry in Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories))
        {
            ChownToMysql(entry);
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
