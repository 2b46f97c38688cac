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
    private readonly ChildProcess _child;

    internal EtcdMemberProcess(HostPlan member, HostLayout layout, Process process, ProcessIdentity identity, TimeSpan stopGrace, bool reusedDataDirectory)
    {
        ReusedDataDirectory = reusedDataDirectory;
        Host = member.Name;
        Region = member.Region;
        Namespace = member.Namespace;
        Layout = layout;
        _child = new ChildProcess(process, identity, stopGrace);
    }

    public string Host { get; }

    public string Region { get; }

    public string Namespace { get; }

    public HostLayout Layout { get; }

    /// <summary>etcd's own PID (<c>ip netns exec</c> and the launch shell exec, never fork) and its start time.</summary>
    public ProcessIdentity Identity => _child.Identity;

    /// <summary>etcd's stdout and stderr: its zap log (log-outputs: stderr), and anything before the logger is set up or a panic.</summary>
    public string LogFile => Core.Rendering.EtcdConfigRenderer.LogFile(Layout);

    public string DataDirectory => Core.Rendering.EtcdConfigRenderer.DataDirectory(Layout);

    /// <summary>
    /// True when the data-dir already held a WAL at launch: etcd then restarts as the member it was and ignores
    /// <c>initial-cluster</c> and <c>initial-cluster-state</c> (https://etcd.io/docs/v3.4/op-guide/configuration/#--initial-cluster-state).
    /// </summary>
    public bool ReusedDataDirectory { get; }

    /// <summary>True once etcd has exited and been reaped.</summary>
    public bool HasExited => _child.HasExited;

    public int? ExitCode => _child.ExitCode;

    /// <summary>Resident set size from /proc/PID/status (VmRSS), or null once the process is gone.</summary>
    public long? ResidentBytes() => _child.ResidentBytes();

    /// <summary>SIGKILL, as in a crash drill. Returns false when the recorded process is already gone.</summary>
    public bool Kill() => _child.Kill();

    /// <summary>Waits until etcd has exited and is reaped, so its PID and its WAL file locks are free for a successor.</summary>
    public Task WaitForExitAsync(CancellationToken cancellationToken = default) => _child.WaitForExitAsync(cancellationToken);

    /// <summary>SIGTERM (etcd closes its WAL and listeners), SIGKILL after the grace period; returns once reaped.</summary>
    public Task StopAsync(CancellationToken cancellationToken = default) => _child.StopAsync(cancellationToken);

    public ValueTask DisposeAsync() => _child.DisposeAsync();

    public override string ToString() => $"etcd {Host} (PID {Identity.Pid}, netns {Namespace})";
}
