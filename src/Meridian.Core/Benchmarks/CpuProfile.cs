namespace Meridian.Core.Benchmarks;

/// <summary>
/// Where a run's CPU went: per <see cref="LabCpuRole"/>, the ticks every process of that role used between two
/// snapshots, as cores (1.0 = one core busy the whole run). A process that started during the run counts in full;
/// one that exited counts only through its parent's child ticks (<see cref="ProcStat.ChildTicks"/>), which is where the
/// agent's short-lived mariadb clients show. Pure.
/// </summary>
public sealed record CpuProfile(double Seconds, double BoxBusyCores, IReadOnlyList<CpuProfile.Role> Roles)
{
    public sealed record Role(string Name, int Processes, double Cores);

    public sealed record Process(ProcStat Stat, string Role);

    /// <param name="ticksPerSecond">The kernel's USER_HZ (100 on Linux).</param>
    /// <param name="boxBusyCores">The whole machine's busy time over the run, in cores (from /proc/stat).</param>
    public static CpuProfile Between(IReadOnlyCollection<Process> before, IReadOnlyCollection<Process> after, double seconds, double ticksPerSecond, double boxBusyCores)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var earlier = before.ToDictionary(p => (p.Stat.Pid, p.Stat.Comm));
        var roles = new Dictionary<string, (int Processes, long Ticks)>(StringComparer.Ordinal);
        void Add(string role, long ticks, bool counts)
        {
            var current = roles.GetValueOrDefault(role);
            roles[role] = (current.Processes + (counts ? 1 : 0), current.Ticks + Math.Max(0, ticks));
        }

        foreach (var p in after)
        {
            var was = earlier.GetValueOrDefault((p.Stat.Pid, p.Stat.Comm));
            Add(p.Role, p.Stat.OwnTicks - (was?.Stat.OwnTicks ?? 0), counts: true);
            var children = p.Stat.ChildTicks - (was?.Stat.ChildTicks ?? 0);
            if (children > 0)
            {
                Add(p.Role == LabCpuRole.Agent ? LabCpuRole.AgentChildren : p.Role, children, counts: false);
            }
        }

        double Cores(long ticks) => seconds > 0 ? ticks / ticksPerSecond / seconds : 0;
        return new CpuProfile(
            seconds,
            boxBusyCores,
            [.. roles.Where(r => r.Value.Ticks > 0).Select(r => new Role(r.Key, r.Value.Processes, Math.Round(Cores(r.Value.Ticks), 3))).OrderByDescending(r => r.Cores).ThenBy(r => r.Name, StringComparer.Ordinal)]);
    }
}
