using System.Globalization;

namespace Meridian.Runtime.Bench;

/// <summary>
/// The machine's cumulative CPU time from the first line of /proc/stat (https://man7.org/linux/man-pages/man5/proc.5.html):
/// busy is everything but idle and iowait. Two samples give how busy the whole box was in between, which tells a run
/// bound by the WAN (mostly idle) from one bound by the 2-core lab machine.
/// </summary>
public sealed record CpuSample(long BusyTicks, long TotalTicks)
{
    public static CpuSample Read()
    {
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        var total = fields.Take(8).Sum(); // user nice system idle iowait irq softirq steal (guest time is inside user)
        var idle = fields[3] + fields[4];
        return new CpuSample(total - idle, total);
    }

    /// <summary>Busy share between <paramref name="earlier"/> and this sample, or null if no time passed.</summary>
    public double? BusySince(CpuSample earlier)
    {
        ArgumentNullException.ThrowIfNull(earlier);
        var total = TotalTicks - earlier.TotalTicks;
        return total > 0 ? (double)(BusyTicks - earlier.BusyTicks) / total : null;
    }
}
