using System.Diagnostics;

namespace Meridian.Runtime.Processes;

/// <summary>
/// A long-running program started as a child of this process inside a network namespace with
/// <c>ip netns exec NS PROGRAM ARGS</c>. ip execs the program, so the child's PID is the daemon's own and this process
/// reaps it (docs/lab-notes.md#namespaces). Output is appended to a log file through sh, so no pipe of ours is held open;
/// umask 027 makes that log (and whatever the daemon creates without an explicit mode) 0640.
/// With <c>networkOnly</c>, <c>nsenter --net</c> replaces <c>ip netns exec</c>: it joins the network namespace only, so the
/// daemon stays in the root mount namespace, with the root's /sys and without the private copy of every
/// <c>/run/netns</c> mount that <c>ip netns exec</c> makes (each copy keeps those namespaces alive while the daemon runs).
/// </summary>
public sealed class NamespacedDaemon : IAsyncDisposable
{
    private readonly ChildProcess child;

    private NamespacedDaemon(string name, string host, string logFile, ChildProcess child)
    {
        Name = name;
        Host = host;
        LogFile = logFile;
        this.child = child;
    }

    public string Name { get; }

    public string Host { get; }

    public string LogFile { get; }

    public ProcessIdentity Identity => child.Identity;

    public bool HasExited => child.HasExited;

    public int? ExitCode => child.ExitCode;

    public static NamespacedDaemon Start(
        string name,
        string host,
        string @namespace,
        string program,
        IEnumerable<string> arguments,
        string logFile,
        TimeSpan stopGrace,
        string? workingDirectory = null,
        bool networkOnly = false)
    {
        HostFiles.LogDirectory.Ensure(Path.GetDirectoryName(logFile)!);
        string[] enter = networkOnly
            ? ["nsenter", $"--net={Path.Combine(Fabric.NetnsScope.NamespaceDirectory, @namespace)}"]
            : [NamespaceCommands.Ip, "netns", "exec", @namespace];
        var start = new ProcessStartInfo(enter[0]) { UseShellExecute = false, WorkingDirectory = workingDirectory ?? string.Empty };
        // sh redirects and then execs, so the exec chain ip (or nsenter) → sh → PROGRAM keeps one PID.
        foreach (var argument in (string[])[.. enter[1..], "sh", "-c", "umask 027; log=$1; shift; exec \"$@\" </dev/null >>\"$log\" 2>&1", "meridian-daemon", logFile, program])
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new CommandFailedException($"could not start {name} on {host}");
        return new NamespacedDaemon(name, host, logFile, ChildProcess.Adopt(process, stopGrace));
    }

    public Task WaitForExitAsync(CancellationToken cancellationToken) => child.WaitForExitAsync(cancellationToken);

    /// <summary>SIGTERM, then SIGKILL after the stop grace; reaps the child.</summary>
    public Task StopAsync(CancellationToken cancellationToken) => child.StopAsync(cancellationToken);

    public string Tail(int lines = 15) =>
        File.Exists(LogFile) ? string.Join('\n', File.ReadLines(LogFile).TakeLast(lines)) : "(no output)";

    public override string ToString() => $"{Name} on {Host} (PID {Identity.Pid})";

    public ValueTask DisposeAsync() => child.DisposeAsync();
}
