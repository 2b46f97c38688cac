using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using Meridian.Runtime.Processes;

namespace Meridian.Runtime.Hosts;

/// <summary>
/// One process of a declared daemon, started by <see cref="IDaemonLauncher"/>: its <see cref="Process"/> (so this
/// process reaps it) and its <see cref="ProcessIdentity"/>, which every signal goes by (never a name).
/// </summary>
public sealed class LaunchedDaemon : IDisposable
{
    /// <summary>After SIGKILL, how long the runtime may take to reap the child.</summary>
    private static readonly TimeSpan ReapTimeout = TimeSpan.FromSeconds(5);

    /// <summary>A child left behind by its dead parent (an HAProxy worker after its master's SIGKILL) gets this long after SIGTERM.</summary>
    private static readonly TimeSpan LeftoverGrace = TimeSpan.FromSeconds(1);

    private readonly Process process;

    public LaunchedDaemon(string name, Process process, ProcessIdentity identity)
    {
        Name = name;
        this.process = process ?? throw new ArgumentNullException(nameof(process));
        Identity = identity ?? throw new ArgumentNullException(nameof(identity));
    }

    public string Name { get; }

    /// <summary>The daemon's own PID (the launch chain execs, never forks) and its start time.</summary>
    public ProcessIdentity Identity { get; }

    /// <summary>True once the process has exited and been reaped.</summary>
    public bool HasExited => process.HasExited;

    /// <summary>128 + N after a death by signal N, as .NET reports it on Unix.</summary>
    public int? ExitCode => process.HasExited ? process.ExitCode : null;

    public Task WaitForExitAsync(CancellationToken cancellationToken) => process.WaitForExitAsync(cancellationToken);

    /// <summary>Sends <paramref name="signal"/> if the recorded process is still that process.</summary>
    public bool Signal(int signal) => !process.HasExited && Signals.Send(Identity, signal);

    /// <summary>The daemon's children now (HAProxy's worker), with their identities.</summary>
    public ImmutableArray<ProcessIdentity> Children()
    {
        var children = ImmutableArray.CreateBuilder<ProcessIdentity>();
        try
        {
            foreach (var task in Directory.EnumerateDirectories($"/proc/{Identity.Pid}/task"))
            {
                foreach (var pid in File.ReadAllText(Path.Combine(task, "children")).Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    if (ProcessIdentity.TryRead(int.Parse(pid, CultureInfo.InvariantCulture)) is { } child)
                    {
                        children.Add(child);
                    }
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Gone while being read: it has no children any more.
        }

        return children.ToImmutable();
    }

    /// <summary>
    /// <paramref name="signal"/>, SIGKILL after <paramref name="grace"/>; returns once the daemon is reaped and every
    /// child it had when this began is gone too, so a stop leaves no process behind.
    /// </summary>
    public async Task StopAsync(int signal, TimeSpan grace, CancellationToken cancellationToken)
    {
        var children = Children();
        if (!process.HasExited)
        {
            await Signals.StopAsync(Identity, signal, grace, cancellationToken).ConfigureAwait(false);
        }

        using (var reap = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            reap.CancelAfter(ReapTimeout);
            try
            {
                await process.WaitForExitAsync(reap.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Not reaped within the timeout after SIGKILL: nothing more can be done from here.
            }
        }

        foreach (var child in children)
        {
            await Signals.StopAsync(child, LeftoverGrace, cancellationToken).ConfigureAwait(false);
        }
    }

    public void Dispose() => process.Dispose();

    public override string ToString() => $"{Name} (PID {Identity.Pid})";
}
