using System.Globalization;
using Meridian.Core.Planning;
using Meridian.Core.Rendering;
using Meridian.Runtime.Processes;

namespace Meridian.Runtime.Lab;

/// <summary>
/// A lab's mariadbd processes, for `down`'s fallback after the agents stopped: mariadbd is an agent's child, not in
/// state.json, so it is found by its pid file or its --defaults-file, and always confirmed through /proc, never by name alone.
/// </summary>
internal static class MariadbdProcesses
{
    /// <summary>mariadbd of a node, from its pid file, only if that PID really is a mariadbd.</summary>
    public static ProcessIdentity? FromPidFile(DeploymentLayout layout, HostPlan node)
    {
        var pidFile = MariadbConfigRenderer.PidFile(layout.ForHost(node.Name));
        if (!File.Exists(pidFile) || !int.TryParse(File.ReadAllText(pidFile).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
        {
            return null;
        }

        var comm = File.Exists($"/proc/{pid}/comm") ? File.ReadAllText($"/proc/{pid}/comm").Trim() : string.Empty;
        return comm is "mariadbd" or "mysqld" ? ProcessIdentity.TryRead(pid) : null;
    }

    /// <summary>Live mariadbd processes whose first argument is a --defaults-file under <paramref name="hostsDirectory"/>.</summary>
    public static List<ProcessIdentity> Under(string hostsDirectory)
    {
        var prefix = $"--defaults-file={hostsDirectory}/";
        var found = new List<ProcessIdentity>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                var arguments = File.ReadAllText(Path.Combine(directory, "cmdline")).Split('\0');
                if (File.ReadAllText(Path.Combine(directory, "comm")).Trim() == "mariadbd"
                    && arguments.Length > 1 && arguments[1].StartsWith(prefix, StringComparison.Ordinal)
                    && ProcessIdentity.TryRead(pid) is { IsAlive: true } identity)
                {
                    found.Add(identity);
                }
            }
            catch (IOException)
            {
                // The process ended while we looked.
            }
        }

        return found;
    }
}
