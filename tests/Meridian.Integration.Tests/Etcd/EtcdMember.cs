using System.Globalization;
using Meridian.Core.Hosts;
using Meridian.Core.Planning;
using Meridian.Core.Rendering;
using Meridian.Runtime.Hosts;
using Meridian.Runtime.Processes;

namespace Meridian.Integration.Tests.Etcd;

/// <summary>
/// One etcd member of <see cref="EtcdLabFixture"/>, run by the one runner through its host's namespace with the planned
/// definition (HostDaemonPlanner.Etcd), without restarts: the tests kill and restart members themselves.
/// </summary>
public sealed class EtcdMember : IAsyncDisposable
{
    private readonly HostDaemons runner;

    private EtcdMember(HostPlan host, HostLayout layout, HostDaemons runner, bool reusedDataDirectory)
    {
        Host = host.Name;
        Namespace = host.Namespace;
        Layout = layout;
        this.runner = runner;
        ReusedDataDirectory = reusedDataDirectory;
        var now = runner.Current[DaemonNames.Etcd];
        Identity = new ProcessIdentity(now.Pid!.Value, now.StartTicks!.Value);
    }

    public string Host { get; }

    public string Namespace { get; }

    public HostLayout Layout { get; }

    public ProcessIdentity Identity { get; }

    public string LogFile => EtcdConfigRenderer.LogFile(Layout);

    public string DataDirectory => EtcdConfigRenderer.DataDirectory(Layout);

    /// <summary>True when this start found a data-dir with a WAL: etcd rejoined as the same member.</summary>
    public bool ReusedDataDirectory { get; }

    public bool HasExited => !Identity.IsAlive;

    public static async Task<EtcdMember> StartAsync(ClusterPlan plan, HostPlan host, HostLayout layout)
    {
        var reused = Directory.Exists(Path.Combine(EtcdConfigRenderer.DataDirectory(layout), "member", "wal"));
        var etcd = HostDaemonPlanner.Etcd(plan, host, layout) with { Restart = RestartPolicy.Never };
        var runner = new HostDaemons(new HostDaemonSet(host.Name, [etcd]), HostContext.Through(host.Namespace));
        try
        {
            await runner.StartAsync();
            return new EtcdMember(host, layout, runner, reused);
        }
        catch
        {
            await runner.DisposeAsync();
            throw;
        }
    }

    public long? ResidentBytes()
    {
        try
        {
            var line = File.ReadLines($"/proc/{Identity.Pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            return line is null ? null : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
        }
        catch (IOException)
        {
            return null;
        }
    }

    public bool Kill() => Signals.Send(Identity, Signals.SigKill);

    public async Task WaitForExitAsync(CancellationToken cancellationToken = default) =>
        await runner.WaitForAsync(DaemonNames.Etcd, d => d.State is DaemonState.Exited or DaemonState.Stopped or DaemonState.Failed, cancellationToken);

    public Task StopAsync() => runner.StopAsync();

    public ValueTask DisposeAsync() => runner.DisposeAsync();

    public override string ToString() => $"etcd {Host} (PID {Identity.Pid}, netns {Namespace})";
}
