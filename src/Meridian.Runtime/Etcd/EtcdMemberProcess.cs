using System.Diagnostics;
using System.Globalization;
using Meridian.Core.Planning;
using Meridian.Runtime.Processes;

namespace Meridian.Runtime.Etcd;

/// <summary>
/// A running etcd member that this process started (see <see cref="EtcdLauncher"/>). <see cref="Identity"/> is what a
/// state file records; stopping goes by that identity only, never by name. Disposing stops the member and reaps it.
/// </summary>
public sealed class EtcdMemberProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly TimeSpan _stopGrace;

    internal EtcdMemberProcess(HostPlan member, HostLayout layout, Process process, ProcessIdentity identity, TimeSpan stopGrace, bool reusedDataDirectory)
    {
        ReusedDataDirectory = reusedDataDirectory;
        Host = member.Name;
        Region = member.Region;
        Namespace = member.Namespace;
        Layout = layout;
        _process = process;
        Identity = identity;
        _stopGrace = stopGrace;
    }

    public string Host { get; }

    public string Region { get; }

    public string Namespace { get; }

    public HostLayout Layout { get; }

    /// <summary>etcd's own PID (<c>ip netns exec</c> and the launch shell exec, never fork) and its start time.</summary>
    public ProcessIdentity Identity { get; }

    /// <summary>etcd's zap log, as the rendered config's log-outputs names it.</summary>
    public string LogFile => Core.Rendering.EtcdConfigRenderer.LogFile(Layout);

    /// <summary>stdout and stderr: empty unless etcd fails before its logger is set up, or panics.</summary>
    public string StdoutFile => Path.Combine(Layout.LogDir, EtcdLauncher.StdoutFileName);

    public string DataDirectory => Core.Rendering.EtcdConfigRenderer.DataDirectory(Layout);

    /// <summary>
    /// True when the data-dir already held a WAL at launch: etcd then restarts as the member it was and ignores
    /// <c>initial-cluster</c> and <c>initial-cluster-state</c> (https://etcd.io/docs/v3.4/op-guide/configuration/#--initial-cluster-state).
    /// </summary>
    public bool ReusedDataDirectory { get; }

    /// <summary>True once etcd has exited and been reaped.</summary>
    public bool HasExited => _process.HasExited;

    public int? ExitCode => _process.HasExited ? _process.ExitCode : null;

    /// <summary>Resident set size from /proc/PID/status (VmRSS), or null once the process is gone.</summary>
    public long? ResidentBytes()
    {
        try
        {
            var line = File.ReadLines($"/proc/{Identity.Pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            var kib = line?.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
            return Identity.IsAlive && kib is not null ? long.Parse(kib, CultureInfo.InvariantCulture) * 1024 : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>SIGKILL, as in a crash drill. Returns false when the recorded process is already gone.</summary>
    public bool Kill() => Signals.Send(Identity, Signals.SigKill);

    /// <summary>Waits until etcd has exited and is reaped, so its PID and its WAL file locks are free for a successor.</summary>
    public Task WaitForExitAsync(CancellationToken cancellationToken = default) => _process.WaitForExitAsync(cancellationToken);

    /// <summary>SIGTERM (etcd closes its WAL and listeners), SIGKILL after the grace period; returns once reaped.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (!_process.HasExited)
        {
            await Signals.StopAsync(Identity, _stopGrace, cancellationToken).ConfigureAwait(false);
        }

        using var reapTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        reapTimeout.CancelAfter(TimeSpan.FromSeconds(5));
        await _process.WaitForExitAsync(reapTimeout.Token).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync(CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            _process.Dispose();
        }
    }

    public override string ToString() => $"etcd {Host} (PID {Identity.Pid}, netns {Namespace})";
}
