using System.Diagnostics;

namespace Meridian.Runtime.Processes;

/// <summary>
/// A long-running program started as a child of this process inside a network namespace with
/// <c>ip netns exec NS PROGRAM ARGS</c>. ip execs the program, so the child's PID is the daemon's own and this process
/// reaps it (LAB-NOTES, "Namespaces"). Output is appended to a log file through sh, so no pipe of ours is held open.
/// </summary>
public sealed class NamespacedDaemon : IAsyncDisposable
{
    private readonly Process process;

    private NamespacedDaemon(string name, string host, string logFile, Process process, ProcessIdentity identity)
    {
        Name = name;
        Host = host;
        LogFile = logFile;
        this.process = process;
        Identity = identity;
    }

    public string Name { get; }

    public string Host { get; }

    public string LogFile { get; }

    public ProcessIdentity Identity { get; }

    public bool HasExited => process.HasExited;

    public static NamespacedDaemon Start(
        string name,
        string host,
        string @namespace,
        string program,
        IEnumerable<string> arguments,
        string logFile,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(logFile)!);
        var start = new ProcessStartInfo(NamespaceCommands.Ip) { UseShellExecute = false };
        // sh redirects and then execs, so the exec chain ip → sh → PROGRAM keeps one PID.
        foreach (var argument in (string[])["netns", "exec", @namespace, "sh", "-c", "log=$1; shift; exec \"$@\" </dev/null >>\"$log\" 2>&1", "meridian-daemon", logFile, program])
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new CommandFailedException($"could not start {name} on {host}");
        var identity = ProcessIdentity.TryRead(process.Id) ?? new ProcessIdentity(process.Id, -1);
        return new NamespacedDaemon(name, host, logFile, process, identity);
    }

    public Task WaitForExitAsync(CancellationToken cancellationToken) => process.WaitForExitAsync(cancellationToken);

    /// <summary>SIGTERM, then SIGKILL after <paramref name="grace"/>; reaps the child.</summary>
    public async Task StopAsync(TimeSpan grace, CancellationToken cancellationToken)
    {
        if (!process.HasExited)
        {
            await Signals.StopAsync(Identity, grace, cancellationToken).ConfigureAwait(false);
        }

        using var reap = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        reap.CancelAfter(TimeSpan.FromSeconds(2));
        try
        {
            await process.WaitForExitAsync(reap.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The process ignored SIGKILL's aftermath for 2 s (it is a zombie of someone else's); nothing more to do.
        }
    }

    public string Tail(int lines = 15) =>
        File.Exists(LogFile) ? string.Join('\n', File.ReadLines(LogFile).TakeLast(lines)) : "(no output)";

    public override string ToString() => $"{Name} on {Host} (PID {Identity.Pid})";

    public async ValueTask DisposeAsync()
    {
        await StopAsync(TimeSpan.FromSeconds(5), CancellationToken.None).ConfigureAwait(false);
        process.Dispose();
    }
}
