using Meridian.Runtime.Fabric;
using Meridian.Runtime.Processes;

namespace Meridian.Runtime.Lab;

/// <summary>
/// `down` (docs/lab.md, "`down`"): stops every recorded process, deletes every namespace of the cluster, and removes the
/// state directory. Safe to run twice, and after a SIGKILL of the supervisor: the state file names every process.
/// </summary>
public sealed class LabDown(LabContext lab)
{
    /// <summary>Galera leaves within about its suspect timeout (1.9 s for the default RTTs, more on slower links); etcd and the VPN then stop in about a second.</summary>
    private static readonly TimeSpan SupervisorShutdownGrace = TimeSpan.FromSeconds(45);

    private readonly LabStateStore store = new(lab.Layout.StateFile);

    public async Task<DownReport> RunAsync(bool keepData, IStepReporter steps, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(steps);
        LabContext.RequireRoot();
        var stopped = await steps.RunAsync("stop the supervisor and its daemons", StopProcessesAsync, cancellationToken).ConfigureAwait(false);

        var namespaces = await steps.RunAsync("delete network namespaces", async ct =>
        {
            var recorded = store.Load()?.Namespaces ?? [];
            foreach (var name in recorded)
            {
                await lab.Runner.RunAsync(CommandRequest.Of("ip", "netns", "delete", name).AllowingFailure(), ct).ConfigureAwait(false);
            }

            var leftovers = await LocalFabric.DeleteLeftoverNamespacesAsync(lab.Runner, lab.Plan.Cluster, ct).ConfigureAwait(false);
            return recorded.Length + leftovers.Length;
        }, cancellationToken).ConfigureAwait(false);

        await steps.RunAsync(keepData ? "remove runtime files (keeping data, PKI and secrets)" : "remove the state directory", _ =>
        {
            RemoveStateDirectory(keepData);
            return Task.FromResult(0);
        }, cancellationToken).ConfigureAwait(false);

        return new DownReport(stopped, namespaces);
    }

    private async Task<int> StopProcessesAsync(CancellationToken cancellationToken)
    {
        var count = 0;
        // Read before asking: the supervisor removes itself from the state file as it exits.
        var supervisor = store.Load()?.Processes.FirstOrDefault(p => p.Name == "supervisor")?.Identity;

        // Let the supervisor stop its daemons in order: agents (each mariadbd leaves the cluster while the tunnels still
        // carry its goodbye), then etcd, then the VPN. A SIGTERM now would cut that short, and mariadbd would then wait
        // out Galera's timeouts with no tunnel to its peers (measured: 20–30 s).
        if (await new LabSupervisorClient(lab).RequestShutdownAsync(cancellationToken).ConfigureAwait(false)
            && supervisor is not null && await WaitForExitAsync(supervisor, SupervisorShutdownGrace, cancellationToken).ConfigureAwait(false))
        {
            count++;
        }

        // Whatever is still running (a supervisor that died or hung): the nodes' agents first, so that each mariadbd
        // can leave while the routers still carry the tunnels, then the routers' agents, then leftovers. Each group
        // is stopped in parallel.
        var remaining = (store.Load()?.Processes ?? []).Where(p => p.Identity.IsAlive).ToList();
        foreach (var group in remaining.GroupBy(StopOrder).OrderBy(g => g.Key))
        {
            await Task.WhenAll(group.Select(p => Signals.StopAsync(p.Identity, TimeSpan.FromSeconds(15), cancellationToken))).ConfigureAwait(false);
            count += group.Count();
        }

        foreach (var node in lab.Plan.GaleraNodes)
        {
            if (MariadbdProcesses.FromPidFile(lab.Layout, node) is { IsAlive: true } mariadbd)
            {
                await Signals.StopAsync(mariadbd, TimeSpan.FromSeconds(15), cancellationToken).ConfigureAwait(false);
                count++;
            }
        }

        // A mariadbd started moments before its agent was stopped may not have written its pid file yet; it is
        // still ours if its --defaults-file lies in this cluster's host directories.
        foreach (var straggler in MariadbdProcesses.Under(lab.Layout.HostsDirectory))
        {
            await Signals.StopAsync(straggler, TimeSpan.FromSeconds(5), cancellationToken).ConfigureAwait(false);
            count++;
        }

        return count;
    }

    /// <summary>
    /// The supervisor first; then the agents in <see cref="HostAgents.StopRank"/> order (each stops its own daemons in
    /// reverse dependency order); then any daemon left behind by an agent that was killed, daemons before the routers'.
    /// </summary>
    private int StopOrder(RecordedProcess process) => process.Name switch
    {
        "supervisor" => 0,
        HostAgents.ProcessName => 1 + RankOf(process.Host),
        _ => 3 + RankOf(process.Host),
    };

    /// <summary>A host no longer in the plan (an older spec) is stopped with the routers, last.</summary>
    private int RankOf(string host) => lab.Plan.Hosts.FirstOrDefault(h => h.Name == host) is { } planned ? HostAgents.StopRank(planned) : 1;

    private static async Task<bool> WaitForExitAsync(ProcessIdentity process, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (process.IsAlive && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }

        return !process.IsAlive;
    }

    private void RemoveStateDirectory(bool keepData)
    {
        var layout = lab.Layout;
        if (!Directory.Exists(layout.StateDirectory))
        {
            return;
        }

        if (!keepData)
        {
            Directory.Delete(layout.StateDirectory, recursive: true);
            return;
        }

        foreach (var runtime in new[] { layout.StateFile, layout.ControlSocket })
        {
            File.Delete(runtime);
        }

        foreach (var host in lab.Plan.Hosts)
        {
            var hostLayout = layout.ForHost(host.Name);
            if (Directory.Exists(hostLayout.RunDir))
            {
                Directory.Delete(hostLayout.RunDir, recursive: true);
            }
        }
    }
}
