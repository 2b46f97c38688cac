using System.Globalization;
using Meridian.Core.Hosts;

namespace Meridian.Runtime.Hosts;

/// <summary>
/// Resolves a daemon's <see cref="RunAs"/> to numeric ids from /etc/passwd and /etc/group (Debian's packages create
/// the accounts: etcd-server's etcd, haproxy's haproxy, mariadb-server's mysql). A missing account is an error naming
/// it, before anything starts.
/// </summary>
public static class SystemAccounts
{
    public static (int Uid, int Gid) Resolve(RunAs account)
    {
        ArgumentNullException.ThrowIfNull(account);
        var user = Entry("/etc/passwd", account.User)
            ?? throw new InvalidOperationException($"No user '{account.User}' in /etc/passwd: install the package that creates it (etcd-server, haproxy, mariadb-server).");
        var uid = int.Parse(user[2], CultureInfo.InvariantCulture);
        if (account.Group is null)
        {
            return (uid, int.Parse(user[3], CultureInfo.InvariantCulture));
        }

        var group = Entry("/etc/group", account.Group)
            ?? throw new InvalidOperationException($"No group '{account.Group}' in /etc/group.");
        return (uid, int.Parse(group[2], CultureInfo.InvariantCulture));
    }

    private static string[]? Entry(string file, string name) =>
        File.ReadLines(file).Select(l => l.Split(':')).FirstOrDefault(f => f.Length > 3 && f[0] == name);
}
