using System.Diagnostics;
using Meridian.Runtime.Lab.Control;
using Meridian.Runtime.Sql;

namespace Meridian.Runtime.Lab;

/// <summary>
/// `up`'s database layer on top of the network (docs/lab.md, "What `up` does"): etcd members, agents (which bootstrap
/// and join Galera), HAProxy and the 127.0.0.1 forwarders, then the application user's TLS requirement and SQL through
/// every region's endpoint.
/// </summary>
public sealed class LabDatabaseUp(LabContext lab)
{
    /// <summary>HAProxy serves a Synced node after `rise 2` checks 1 s apart; 30 s also covers a slow first login.</summary>
    private static readonly TimeSpan EndpointTimeout = TimeSpan.FromSeconds(30);

    private readonly LabSupervisorClient supervisor = new(lab);

    /// <summary>
    /// Returns once every node reports Synced in a Primary of the expected size, the application user's TLS requirement
    /// matches the plan, and SQL answers through every region's endpoint over verified TLS (HAProxy marks a node up
    /// only after its health checks pass).
    /// </summary>
    public async Task<DatabaseStatus> RunAsync(IStepReporter steps, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(steps);
        var (plan, layout) = (lab.Plan, lab.Layout);
        var status = await UpGaleraAsync(steps, timeout, cancellationToken).ConfigureAwait(false);
        await steps.RunAsync(
            $"application user: REQUIRE {(plan.Database.RequireTls ? "SSL" : "NONE")} (database.requireTls: {(plan.Database.RequireTls ? "true" : "false")})",
            ct => new AppAccountTls(plan, layout, lab.Runner).EnsureAsync(ct),
            cancellationToken).ConfigureAwait(false);
        await steps.RunAsync("SQL through every region's endpoint", async ct =>
        {
            try
            {
                var localNodes = plan.Regions.ToDictionary(r => r.Name, r => (IReadOnlyCollection<string>)r.GaleraHosts, StringComparer.Ordinal);
                await EndpointReadiness.WaitAsync(LabAppLogin.Of(lab), localNodes, EndpointTimeout, steps.Note, ct).ConfigureAwait(false);
            }
            catch (TimeoutException ex)
            {
                throw new LabException(ex.Message, $"`meridian status` shows each node; each router's HAProxy log is {layout.HostsDirectory}/ROUTER/log/{Core.Hosts.HostDaemonPlanner.HaproxyLog}");
            }

            return true;
        }, cancellationToken).ConfigureAwait(false);
        return status;
    }

    private async Task<DatabaseStatus> UpGaleraAsync(IStepReporter steps, TimeSpan timeout, CancellationToken cancellationToken)
    {
        await steps.RunAsync("etcd, agents, HAProxy and endpoints", ct => supervisor.SendAsync(new DatabaseUpRequest(), ct), cancellationToken).ConfigureAwait(false);

        var plan = lab.Plan;
        var expected = plan.GaleraNodes.Count();
        var expectedSize = plan.GaleraMembers;
        var arbitrators = plan.Arbitrators.Count();
        // garbd joins last (docs/agent.md, "The arbitrator"), so a component of the full size means it is in.
        var members = arbitrators == 0 ? $"{expected} node(s)" : $"{expected} node(s) and {arbitrators} arbitrator(s)";
        return await steps.RunAsync($"Galera: {members} Synced in one Primary component of {expectedSize}", async ct =>
        {
            var deadline = Stopwatch.StartNew();
            var lastProgress = string.Empty;
            while (true)
            {
                var status = await supervisor.SendAsync(new DatabaseStatusRequest(), ct).ConfigureAwait(false);
                var synced = status.Nodes.Count(n => n.Ready && n.ClusterSize == expectedSize);
                var progress = string.Join(", ", status.Nodes.OrderBy(n => n.Node, StringComparer.Ordinal).Select(n => $"{n.Node} {n.State}")
                    .Concat(status.Nodes.Count == 0 ? [] : status.Arbitrators.Select(a => $"{a.Host} (garbd) {a.State}")));
                if (progress != lastProgress && progress.Length > 0)
                {
                    steps.Note(progress);
                    lastProgress = progress;
                }

                if (synced == expected)
                {
                    return status;
                }

                if (deadline.Elapsed > timeout)
                {
                    throw new LabException(
                        $"only {synced} of {expected} Galera nodes were Synced after {timeout.TotalSeconds:F0} s ({(progress.Length > 0 ? progress : "no agent reported")})",
                        $"look at the agents' logs under {lab.Layout.HostsDirectory}/<node>/log/ (agent.log, error.log) and garbd's in <arbitrator>/log/garbd.log; `meridian status` shows the current state");
                }

                await Task.Delay(500, ct).ConfigureAwait(false);
            }
        }, cancellationToken).ConfigureAwait(false);
    }
}
