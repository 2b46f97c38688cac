using System.Globalization;

namespace Meridian.Integration.Tests.Processes;

/// <summary>Who a process runs as, from the kernel's own record (/proc/PID/status, proc(5)).</summary>
internal static class ProcessUids
{
    /// <summary>
    /// The uid of <paramref name="pid"/>, asserting that its real, effective, saved and filesystem uids agree: a daemon that
    /// dropped privileges for good has all four equal, one that could switch back would keep 0 in one of them.
    /// </summary>
    public static int Of(int pid)
    {
        var uids = Ids(pid, "Uid:");
        Assert.True(uids.Distinct().Count() == 1, $"PID {pid} has uids {string.Join(' ', uids)}");
        return uids[0];
    }

    /// <summary>The gid of <paramref name="pid"/>, with the same check as <see cref="Of"/>.</summary>
    public static int GroupOf(int pid)
    {
        var gids = Ids(pid, "Gid:");
        Assert.True(gids.Distinct().Count() == 1, $"PID {pid} has gids {string.Join(' ', gids)}");
        return gids[0];
    }

    /// <summary>The supplementary groups of <paramref name="pid"/> ("Groups:").</summary>
    public static int[] SupplementaryGroupsOf(int pid) => Ids(pid, "Groups:");

    private static int[] Ids(int pid, string field)
    {
        var line = File.ReadLines($"/proc/{pid}/status").Single(l => l.StartsWith(field, StringComparison.Ordinal));
        return [.. line[field.Length..].Split((char[])['\t', ' '], StringSplitOptions.RemoveEmptyEntries).Select(v => int.Parse(v, CultureInfo.InvariantCulture))];
    }
}
