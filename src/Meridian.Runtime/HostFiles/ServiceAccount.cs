using System.Collections.Concurrent;
using System.Globalization;

namespace Meridian.Runtime.HostFiles;

/// <summary>
/// A system user a daemon runs as, with its primary group, from /etc/passwd: Debian's packages create them
/// (<see cref="Core.Planning.DaemonUsers"/>; docs/security.md, "Which process runs as which user").
/// </summary>
public sealed record ServiceAccount(string Name, int Uid, int Gid)
{
    private static readonly ConcurrentDictionary<string, ServiceAccount> Accounts = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, int> Groups = new(StringComparer.Ordinal);

    /// <summary>The account named <paramref name="name"/>; throws, naming the package to install, when it is missing.</summary>
    public static ServiceAccount Lookup(string name) => Accounts.GetOrAdd(name, static n =>
        Field(Path.Combine("/etc", "passwd"), n) is { Length: > 3 } fields
            ? new ServiceAccount(n, int.Parse(fields[2], CultureInfo.InvariantCulture), int.Parse(fields[3], CultureInfo.InvariantCulture))
            : throw new InvalidOperationException($"No user '{n}' in /etc/passwd: install the Debian package that creates it (mariadb-server, etcd-server, haproxy)."));

    /// <summary>
    /// The account a daemon runs as (<see cref="Core.Hosts.RunAs"/>): the user's uid, and the named group's gid or else the
    /// user's primary group.
    /// </summary>
    public static ServiceAccount For(Core.Hosts.RunAs runAs)
    {
        ArgumentNullException.ThrowIfNull(runAs);
        var user = Lookup(runAs.User);
        return runAs.Group is null ? user : user with { Gid = GroupId(runAs.Group) };
    }

    /// <summary>The id of the group named <paramref name="name"/> in /etc/group.</summary>
    public static int GroupId(string name) => Groups.GetOrAdd(name, static n =>
        Field(Path.Combine("/etc", "group"), n) is { Length: > 2 } fields
            ? int.Parse(fields[2], CultureInfo.InvariantCulture)
            : throw new InvalidOperationException($"No group '{n}' in /etc/group: install the Debian package that creates it (mariadb-server, etcd-server, haproxy)."));

    private static string[]? Field(string file, string name) =>
        File.ReadLines(file).Select(l => l.Split(':')).FirstOrDefault(f => f[0] == name);
}
