using System.Collections.Immutable;
using System.Globalization;

namespace Meridian.Runtime.Processes;

/// <summary>One process as /proc shows it: parent, user ids (real, effective, saved) and argv.</summary>
public sealed record ProcessEntry(int Pid, int ParentPid, int RealUid, int EffectiveUid, int SavedUid, ImmutableArray<string> Arguments)
{
    /// <summary>Every user id is <paramref name="uid"/>: a process that user could signal itself (kill(2)), and that can gain nothing from being signalled by root.</summary>
    public bool RunsOnlyAs(int uid) => RealUid == uid && EffectiveUid == uid && SavedUid == uid;
}

/// <summary>
/// A snapshot of the processes in /proc (https://man7.org/linux/man-pages/man5/proc_pid_stat.5.html,
/// proc_pid_status.5, proc_pid_cmdline.5). A process that exits while the snapshot is read is left out.
/// </summary>
public static class ProcessTable
{
    public static ImmutableArray<ProcessEntry> Read()
    {
        var entries = ImmutableArray.CreateBuilder<ProcessEntry>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && TryRead(pid) is { } entry)
            {
                entries.Add(entry);
            }
        }

        return entries.ToImmutable();
    }

    /// <summary><paramref name="root"/> and every process below it in <paramref name="table"/>, parents before children.</summary>
    public static ImmutableArray<ProcessEntry> Subtree(IReadOnlyCollection<ProcessEntry> table, int root)
    {
        ArgumentNullException.ThrowIfNull(table);
        var children = table.ToLookup(p => p.ParentPid);
        var result = ImmutableArray.CreateBuilder<ProcessEntry>();
        var queue = new Queue<ProcessEntry>(table.Where(p => p.Pid == root));
        while (queue.TryDequeue(out var next))
        {
            result.Add(next);
            foreach (var child in children[next.Pid].Where(c => c.Pid != next.Pid))
            {
                queue.Enqueue(child);
            }
        }

        return result.ToImmutable();
    }

    /// <summary>The parent PID from /proc/PID/stat text; the command name in parentheses may hold spaces and ')'.</summary>
    public static int? ParseParentPid(string stat)
    {
        ArgumentNullException.ThrowIfNull(stat);
        var close = stat.LastIndexOf(')');
        var fields = close < 0 || close + 2 > stat.Length ? [] : stat[(close + 2)..].Split(' ');
        return fields.Length > 1 && int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var parent) ? parent : null;
    }

    /// <summary>(real, effective, saved) from the "Uid:" line of /proc/PID/status.</summary>
    public static (int Real, int Effective, int Saved)? ParseUids(string status)
    {
        ArgumentNullException.ThrowIfNull(status);
        var line = status.Split('\n').FirstOrDefault(l => l.StartsWith("Uid:", StringComparison.Ordinal));
        var ids = line?["Uid:".Length..].Split(['\t', ' '], StringSplitOptions.RemoveEmptyEntries);
        return ids is { Length: >= 3 }
            && int.TryParse(ids[0], NumberStyles.None, CultureInfo.InvariantCulture, out var real)
            && int.TryParse(ids[1], NumberStyles.None, CultureInfo.InvariantCulture, out var effective)
            && int.TryParse(ids[2], NumberStyles.None, CultureInfo.InvariantCulture, out var saved)
            ? (real, effective, saved)
            : null;
    }

    private static ProcessEntry? TryRead(int pid)
    {
        try
        {
            var parent = ParseParentPid(File.ReadAllText($"/proc/{pid}/stat"));
            var uids = ParseUids(File.ReadAllText($"/proc/{pid}/status"));
            var arguments = File.ReadAllText($"/proc/{pid}/cmdline").Split('\0');
            return parent is null || uids is null
                ? null
                : new ProcessEntry(pid, parent.Value, uids.Value.Real, uids.Value.Effective, uids.Value.Saved, [.. arguments.Length > 0 && arguments[^1].Length == 0 ? arguments[..^1] : arguments]);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null; // It exited while being read.
        }
    }
}
