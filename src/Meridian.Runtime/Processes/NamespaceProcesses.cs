using System.Globalization;
using Meridian.Runtime.Fabric;

namespace Meridian.Runtime.Processes;

/// <summary>
/// Every process whose network namespace is a given one, found by the namespace's identity (<c>net:[INODE]</c>, what
/// the <c>/proc/PID/ns/net</c> links show: https://man7.org/linux/man-pages/man7/namespaces.7.html), and signalled by
/// PID with its start time checked, never by name. A bare machine's processes are exactly these (docs/lab.md,
/// "Bare machines").
/// </summary>
public static class NamespaceProcesses
{
    private static readonly TimeSpan KillTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The namespace's identity, read on a thread inside it (<see cref="NetnsScope"/>).</summary>
    public static string Identity(string namespaceName) =>
        NetnsScope.Run(namespaceName, () => new FileInfo("/proc/thread-self/ns/net").LinkTarget)
        ?? throw new IOException($"cannot read the identity of network namespace {namespaceName}");

    /// <summary>Live processes in <paramref name="namespaceName"/>, this process excluded. Zombies have no namespace link and are not listed.</summary>
    public static IReadOnlyList<ProcessIdentity> List(string namespaceName)
    {
        var identity = Identity(namespaceName);
        var found = new List<ProcessIdentity>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || pid == Environment.ProcessId)
            {
                continue;
            }

            string? link;
            try
            {
                link = new FileInfo(Path.Combine(directory, "ns", "net")).LinkTarget;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                continue; // ended while we looked
            }

            if (link == identity && ProcessIdentity.TryRead(pid) is { IsAlive: true } process)
            {
                found.Add(process);
            }
        }

        return found;
    }

    /// <summary>
    /// Stops every process in the namespace: SIGTERM to all but <paramref name="spared"/> and up to
    /// <paramref name="grace"/> for those to exit (none with a zero grace; a process started meanwhile, such as a
    /// supervisor's replacement, is not waited for), then SIGKILL to whatever is left, looking again until none is left,
    /// since a dying parent's children can still fork. Returns how many processes were signalled.
    /// </summary>
    /// <param name="spared">PIDs that get no SIGTERM, only the final SIGKILL: e.g. an init whose death would kill the rest at once.</param>
    public static async Task<int> KillAllAsync(string namespaceName, TimeSpan grace, CancellationToken cancellationToken, IReadOnlyCollection<int>? spared = null)
    {
        spared ??= [];
        var signalled = new HashSet<ProcessIdentity>();
        if (grace > TimeSpan.Zero)
        {
            foreach (var process in List(namespaceName).Where(p => !spared.Contains(p.Pid)))
            {
                Signals.Send(process, Signals.SigTerm);
                signalled.Add(process);
            }

            var graceEnds = DateTime.UtcNow + grace;
            while (DateTime.UtcNow < graceEnds && signalled.Any(p => p.IsAlive))
            {
                await Task.Delay(50, cancellationToken).ConfigureAwait(false);
            }
        }

        var deadline = DateTime.UtcNow + KillTimeout;
        while (List(namespaceName) is { Count: > 0 } left)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new IOException($"{left.Count} process(es) in {namespaceName} survived SIGKILL for {KillTimeout.TotalSeconds:F0} s: PIDs {string.Join(", ", left.Select(p => p.Pid))}");
            }

            foreach (var process in left)
            {
                Signals.Send(process, Signals.SigKill);
                signalled.Add(process);
            }

            await Task.Delay(20, cancellationToken).ConfigureAwait(false);
        }

        return signalled.Count;
    }
}
