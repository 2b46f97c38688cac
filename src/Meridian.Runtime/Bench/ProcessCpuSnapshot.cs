using Meridian.Core.Benchmarks;

namespace Meridian.Runtime.Bench;

/// <summary>Every process's CPU ticks and <see cref="LabCpuRole"/>, read from /proc at one moment; a process that exits meanwhile is skipped.</summary>
public static class ProcessCpuSnapshot
{
    /// <summary>Linux's USER_HZ, the unit of /proc/PID/stat's times (https://man7.org/linux/man-pages/man5/proc_pid_stat.5.html).</summary>
    public const double TicksPerSecond = 100;

    public static IReadOnlyList<CpuProfile.Process> Read(string labStateRoot)
    {
        var result = new List<CpuProfile.Process>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            var name = Path.GetFileName(directory);
            if (name.Length == 0 || !name.All(char.IsAsciiDigit))
            {
                continue;
            }

            try
            {
                if (ProcStat.Parse(File.ReadAllText(Path.Combine(directory, "stat"))) is { } stat)
                {
                    var commandLine = File.ReadAllText(Path.Combine(directory, "cmdline")).Replace('\0', ' ');
                    result.Add(new CpuProfile.Process(stat, LabCpuRole.Of(stat.Comm, commandLine, labStateRoot)));
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Exited between the listing and the read.
            }
        }

        return result;
    }
}
