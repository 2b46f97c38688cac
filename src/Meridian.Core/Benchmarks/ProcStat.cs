using System.Globalization;

namespace Meridian.Core.Benchmarks;

/// <summary>
/// The CPU a process used, from its /proc/PID/stat line (https://man7.org/linux/man-pages/man5/proc_pid_stat.5.html):
/// utime + stime (fields 14–15) of its own, cutime + cstime (16–17) of its children that exited and were waited for,
/// in clock ticks. comm sits in parentheses and may hold spaces or ')', so fields count from the last ')'. Pure.
/// </summary>
public sealed record ProcStat(int Pid, string Comm, long OwnTicks, long ChildTicks)
{
    public static ProcStat? Parse(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var open = line.IndexOf('(', StringComparison.Ordinal);
        var close = line.LastIndexOf(')');
        if (open <= 0 || close < open || !int.TryParse(line[..open].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
        {
            return null;
        }

        // After ")": state(3) ppid(4) … utime(14) stime(15) cutime(16) cstime(17); index 0 here is field 3.
        var fields = line[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 15
            || !long.TryParse(fields[11], NumberStyles.None, CultureInfo.InvariantCulture, out var utime)
            || !long.TryParse(fields[12], NumberStyles.None, CultureInfo.InvariantCulture, out var stime)
            || !long.TryParse(fields[13], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var cutime)
            || !long.TryParse(fields[14], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var cstime))
        {
            return null;
        }

        return new ProcStat(pid, line[(open + 1)..close], utime + stime, cutime + cstime);
    }
}
