using System.Globalization;
using Meridian.Core.Hosts;
using Meridian.Runtime.Processes;

namespace Meridian.Runtime.Hosts;

/// <summary>
/// Daemons a previous runner of this host left behind: a host agent that was killed (SIGKILL, a crash) leaves its
/// children running, unsupervised, and a new agent's etcd or HAProxy would then fail on the ports and data they hold.
/// Before its first start, the new runner stops every process in its own network namespace that runs one of its
/// daemons with exactly the declared command line (never by name alone), with the daemon's stop signal and grace.
/// Daemons supervised by the agent (mariadbd) are never touched: they outlive their agent by design.
/// </summary>
public static class DaemonLeftovers
{
    public static async Task<int> StopAsync(HostDaemonSet set, Action<string> log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(log);
        var ownNamespace = new FileInfo("/proc/self/ns/net").LinkTarget;
        var stops = new List<Task>();
        foreach (var pid in Directory.EnumerateDirectories("/proc").Select(Path.GetFileName).Where(n => n!.All(char.IsAsciiDigit)).Select(n => int.Parse(n!, CultureInfo.InvariantCulture)))
        {
            if (pid == Environment.ProcessId || Read(pid) is not { } process || process.Namespace != ownNamespace)
            {
                continue;
            }

            var daemon = set.Daemons.FirstOrDefault(d => d.RunnerStarts && Matches(d, process.Argv));
            if (daemon is not null && ProcessIdentity.TryRead(pid) is { } identity)
            {
                log($"{daemon.Name} (PID {pid}) was left by a previous agent; stopping it before starting {daemon.Name} again");
                stops.Add(Signals.StopAsync(identity, (int)daemon.StopSignal, daemon.StopGrace, cancellationToken));
            }
        }

        await Task.WhenAll(stops).ConfigureAwait(false);
        return stops.Count;
    }

    private static bool Matches(DaemonDefinition daemon, string[] argv) =>
        argv.Length == daemon.Arguments.Length + 1
        && Path.GetFileName(argv[0]) == Path.GetFileName(daemon.Program)
        && argv.Skip(1).SequenceEqual(daemon.Arguments);

    private static (string? Namespace, string[] Argv)? Read(int pid)
    {
        try
        {
            var argv = File.ReadAllText($"/proc/{pid}/cmdline").Split('\0', StringSplitOptions.RemoveEmptyEntries);
            return argv.Length == 0 ? null : (new FileInfo($"/proc/{pid}/ns/net").LinkTarget, argv);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
