using System.Globalization;

namespace Meridian.Runtime.Processes;

/// <summary>
/// A process as recorded in the state file: its PID plus its start time in clock ticks since boot
/// (/proc/PID/stat field 22). The pair survives PID reuse: `down` stops a PID only if its start time still matches.
/// See https://man7.org/linux/man-pages/man5/proc_pid_stat.5.html.
/// </summary>
public sealed record ProcessIdentity(int Pid, long StartTicks)
{
    public static ProcessIdentity? TryRead(int pid)
    {
        var start = TryReadStartTicks(pid);
        return start is null ? null : new ProcessIdentity(pid, start.Value);
    }

    /// <summary>True while the same process (not a successor with a reused PID) is alive and not a zombie.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsAlive => TryReadStartTicks(Pid) == StartTicks && !IsZombie(Pid);

    private static long? TryReadStartTicks(int pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }

        // The command name (field 2) is in parentheses and may contain spaces; fields after it are space separated.
        var afterName = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return long.TryParse(afterName[19], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) ? ticks : null;
    }

    private static bool IsZombie(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[stat.LastIndexOf(')') + 2] == 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }
}
