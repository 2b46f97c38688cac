using System.Globalization;
using Meridian.Core.Hosts;
using Meridian.Core.Planning;
using Meridian.Core.Rendering;
using Meridian.Runtime.Hosts;
using Meridian.Runtime.Processes;

namespace Meridian.Agent;

/// <summary>
/// Starts mariadbd as the agent's child through the one daemon launcher (<see cref="ProcessDaemonLauncher"/>) with the
/// planner's definition (<see cref="HostDaemonPlanner.Mariadbd"/>), and records its identity, or adopts one a previous
/// agent started. Every link of the launch chain execs, so the PID is mariadbd's own; stdio goes to /dev/null (mariadbd
/// logs to log-error), so the server keeps running when the agent dies (a kill -9 of the agent must not stop the node).
/// </summary>
public static class MariadbdProcess
{
    /// <summary>The planner's mariadbd for this node: <c>--defaults-file</c> first, stdio to /dev/null, no umask.</summary>
    public static DaemonDefinition Definition(AgentConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return HostDaemonPlanner.Mariadbd(new HostLayout(Path.GetDirectoryName(config.Paths.MyCnf)!)) with { Program = config.Binaries.Mariadbd };
    }

    /// <summary>Root starts it; my.cnf's user=mysql makes mariadbd drop privileges.</summary>
    public static ProcessIdentity Launch(AgentConfig config, IEnumerable<string> extraArguments)
    {
        ArgumentNullException.ThrowIfNull(config);

        // The launched handle is dropped on purpose: the runtime still reaps the child when it exits, and liveness is
        // judged by ProcessIdentity (PID + start time), the same way an adopting agent judges it.
        using var launched = ProcessDaemonLauncher.Instance.Launch(Definition(config), HostContext.Inside, extraArguments);
        if (launched.Identity.StartTicks < 0)
        {
            throw new InvalidOperationException($"mariadbd (pid {launched.Identity.Pid}) exited at once; see {config.Paths.ErrorLog}");
        }

        return launched.Identity;
    }

    public static void Record(string stateFile, ProcessIdentity identity) =>
        File.WriteAllText(stateFile, string.Create(CultureInfo.InvariantCulture, $"{identity.Pid} {identity.StartTicks}\n"));

    /// <summary>The recorded mariadbd if the very same process still runs (PID reuse is ruled out by the start time).</summary>
    public static ProcessIdentity? TryAdopt(string stateFile)
    {
        if (!File.Exists(stateFile))
        {
            return null;
        }

        var fields = File.ReadAllText(stateFile).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (fields.Length != 2
            || !int.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
            || !long.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks))
        {
            return null;
        }

        var identity = new ProcessIdentity(pid, ticks);
        return identity.IsAlive && IsMariadbd(pid) ? identity : null;
    }

    private static bool IsMariadbd(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/comm").Trim() == "mariadbd";
        }
        catch (IOException)
        {
            return false;
        }
    }
}
