namespace Meridian.Core.Benchmarks;

/// <summary>
/// Which part of the lab a process is, for the CPU profile (<c>bench/cpu-profile.sh</c>, docs/performance.md#where-the-cpu-goes),
/// from its command name and command line. Pure.
/// </summary>
public static class LabCpuRole
{
    public const string Mariadbd = "mariadbd";
    public const string Charon = "charon (IKE and userspace ESP)";
    public const string Supervisor = "meridian supervise (WAN hub, endpoint forwarders)";
    public const string HaProxy = "haproxy";
    public const string Etcd = "etcd";
    public const string Agent = "meridian-agent";
    public const string AgentChildren = "meridian-agent's child processes (mariadb client, probes)";
    public const string AgentSessions = "the agents' long-lived mariadb clients (status read, commit probe)";
    public const string Garbd = "garbd";
    public const string LoadGenerator = "sysbench (load generator)";
    public const string Kernel = "kernel threads (softirq, workers)";
    public const string Other = "other processes";

    /// <param name="comm">/proc/PID/comm (at most 15 characters).</param>
    /// <param name="commandLine">/proc/PID/cmdline with NULs as spaces; empty for kernel threads.</param>
    /// <param name="labStateRoot">The labs' state root (e.g. /var/lib/meridian): a meridian process is the lab's only if its command line names it.</param>
    public static string Of(string comm, string commandLine, string labStateRoot)
    {
        ArgumentNullException.ThrowIfNull(comm);
        ArgumentNullException.ThrowIfNull(commandLine);
        return comm switch
        {
            "mariadbd" => Mariadbd,
            "charon" => Charon,
            "haproxy" => HaProxy,
            "etcd" => Etcd,
            "garbd" => Garbd,
            "sysbench" => LoadGenerator,
            "meridian-agent" => Agent,
            "meridian" when commandLine.Contains(" supervise ", StringComparison.Ordinal) && commandLine.Contains(labStateRoot, StringComparison.Ordinal) => Supervisor,
            "mariadb" when commandLine.Contains("--socket=" + labStateRoot, StringComparison.Ordinal) => AgentSessions,
            _ when commandLine.Length == 0 => Kernel,
            _ => Other,
        };
    }
}
