using System.Diagnostics;
using System.Globalization;
using Meridian.Core.Rendering;
using Meridian.Runtime.Processes;

namespace Meridian.Agent;

/// <summary>
/// Starts mariadbd as the agent's child and records its identity, or adopts one a previous agent started. The exec
/// chain <c>sh → mariadbd</c> never forks, so the PID is mariadbd's own; stdio goes to /dev/null (mariadbd logs to
/// log-error), so the server keeps running when the agent dies (a kill -9 of the agent must not stop the node).
/// </summary>
public static class MariadbdProcess
{
    /// <summary>Arguments travel as positional parameters, never spliced into the script.</summary>
    private const string LaunchScript = "exec \"$0\" \"$@\" </dev/null >/dev/null 2>&1";

    /// <summary>Root starts it; my.cnf's user=mysql makes mariadbd drop privileges. --defaults-file must come first.</summary>
    public static ProcessIdentity Launch(AgentConfig config, IEnumerable<string> extraArguments)
    {
        ArgumentNullException.ThrowIfNull(config);
        var startInfo = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        foreach (var argument in new[] { "-c", LaunchScript, config.Binaries.Mariadbd, $"--defaults-file={config.Paths.MyCnf}" }.Concat(extraArguments))
        {
            startInfo.ArgumentList.Add(argument);
        }

        // The Process object is dropped on purpose: the runtime still reaps the child when it exits, and liveness is
        // judged by ProcessIdentity (PID + start time), the same way an adopting agent judges it.
        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException("mariadbd did not start");
        for (var i = 0; i < 50; i++)
        {
            if (ProcessIdentity.TryRead(process.Id) is { } identity)
            {
                return identity;
            }

            Thread.Sleep(10);
        }

        throw new InvalidOperationException($"mariadbd (pid {process.Id}) exited at once; see {config.Paths.ErrorLog}");
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
