using Meridian.Runtime.Lab;
using Meridian.Runtime.Lab.Control;

namespace Meridian.Runtime.Chaos;

/// <summary>
/// Whether every Galera node is Synced in one Primary component of full size, as the agents report it through etcd
/// (the same facts `meridian status` shows). Polls are bounded by a deadline. A report counts only while it is fresh
/// (<see cref="ReportFreshness"/>): agents publish every second, and an agent cut off from etcd (its region isolated)
/// leaves its last report in place until the lease expires, still saying Synced in a full Primary component
/// (seen in the fault campaign, docs/operations.md "Fault campaign").
/// </summary>
public static class ClusterHealth
{
    public static readonly TimeSpan ReportFreshness = TimeSpan.FromSeconds(5);

    public static async Task<bool> IsFullySyncedAsync(LabContext lab, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lab);
        try
        {
            var status = await new LabSupervisorClient(lab).SendAsync(new DatabaseStatusRequest(), cancellationToken).ConfigureAwait(false);
            // The component's size counts arbitrators too (garbd is a member without an agent).
            var expected = lab.Plan.GaleraNodes.Count();
            return status.Nodes is { } nodes && nodes.Count == expected
                && nodes.All(n => n.Ready && n.ClusterStatus == "Primary" && n.ClusterSize == lab.Plan.GaleraMembers && n.State == "Synced" && DateTimeOffset.UtcNow - n.Heartbeat <= ReportFreshness);
        }
        catch (Exception ex) when (ex is LabException or IOException or System.Net.Sockets.SocketException or System.Text.Json.JsonException)
        {
            // The supervisor is busy or restarting a daemon: not synced yet, ask again.
            return false;
        }
    }

    /// <summary>Polls until fully synced or <paramref name="timeout"/>; returns the time it took, or null on timeout.</summary>
    public static async Task<TimeSpan?> WaitForFullySyncedAsync(LabContext lab, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var started = DateTime.UtcNow;
        while (DateTime.UtcNow - started < timeout)
        {
            if (await IsFullySyncedAsync(lab, cancellationToken).ConfigureAwait(false))
            {
                return DateTime.UtcNow - started;
            }

            await Task.Delay(500, cancellationToken).ConfigureAwait(false);
        }

        return null;
    }
}
