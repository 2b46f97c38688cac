namespace Meridian.Core.Dashboard;

/// <summary>
/// The timeline as a pure function of two consecutive snapshots: tunnels that came up, went down, were cut or healed,
/// and nodes that changed state or joined or left the Primary component. A tunnel or node only in one of the two
/// snapshots yields nothing (the spec changed, or the first snapshot has no predecessor). A new recovery epoch yields one
/// event stamped with when it was decided, a <see cref="DashboardEventKind.ForcedBootstrap"/> when an operator forced it;
/// the first read of the epoch (the snapshot before had none read) counts as new, so a dashboard started after a
/// crash-all still shows which node was chosen and why.
/// </summary>
public static class DashboardTimeline
{
    public static IReadOnlyList<DashboardEvent> Between(DashboardSnapshot? previous, DashboardSnapshot next)
    {
        ArgumentNullException.ThrowIfNull(next);
        if (previous is null)
        {
            return [];
        }

        var at = next.TakenAt;
        var events = new List<DashboardEvent>();
        var tunnelsBefore = previous.Tunnels.ToDictionary(t => t.Pair, StringComparer.Ordinal);
        foreach (var tunnel in next.Tunnels)
        {
            if (!tunnelsBefore.TryGetValue(tunnel.Pair, out var before))
            {
                continue;
            }

            if (!before.Cut && tunnel.Cut)
            {
                events.Add(new(at, DashboardEventKind.TunnelCut, tunnel.Pair, $"WAN link {tunnel.Pair} cut"));
            }
            else if (before.Cut && !tunnel.Cut)
            {
                events.Add(new(at, DashboardEventKind.TunnelHealed, tunnel.Pair, $"WAN link {tunnel.Pair} healed"));
            }

            if (before.Up && !tunnel.Up)
            {
                events.Add(new(at, DashboardEventKind.TunnelDown, tunnel.Pair, $"tunnel {tunnel.Pair} down" + (tunnel.Detail.Length > 0 ? $": {tunnel.Detail}" : string.Empty)));
            }
            else if (!before.Up && tunnel.Up)
            {
                events.Add(new(at, DashboardEventKind.TunnelUp, tunnel.Pair, $"tunnel {tunnel.Pair} up"));
            }
        }

        var nodesBefore = previous.AllNodes().ToDictionary(n => n.Host, StringComparer.Ordinal);
        foreach (var node in next.AllNodes())
        {
            if (!nodesBefore.TryGetValue(node.Host, out var before))
            {
                continue;
            }

            if (before.State != node.State)
            {
                events.Add(new(at, DashboardEventKind.NodeStateChanged, node.Host, $"{node.Host}: {before.State} → {node.State}"));
            }

            if (!before.Primary && node.Primary)
            {
                events.Add(new(at, DashboardEventKind.NodeJoinedPrimary, node.Host, $"{node.Host} joined the Primary component (size {node.ClusterSize})"));
            }
            else if (before.Primary && !node.Primary)
            {
                events.Add(new(at, DashboardEventKind.NodeLeftPrimary, node.Host, $"{node.Host} left the Primary component ({node.ClusterStatus})"));
            }
        }

        if (next.Recovery is { Epoch: > 0 } recovery && recovery.Epoch != previous.Recovery?.Epoch)
        {
            events.Add(RecoveryEvent(next.Cluster, recovery, at));
        }

        return events;
    }

    private static DashboardEvent RecoveryEvent(string cluster, DashboardRecovery recovery, DateTimeOffset seenAt)
    {
        var subject = recovery.Node.Length > 0 ? recovery.Node : cluster;
        var reason = recovery.Reason.Length > 0 ? recovery.Reason : "no reason recorded";
        var action = recovery.Kind == DashboardRecovery.BootstrapKind
            ? $"bootstrap from {recovery.Node}"
            : "every node starts at its recovered position";
        var by = recovery.DecidedBy.Length > 0 ? $" (decided by {recovery.DecidedBy})" : string.Empty;
        return recovery.Forced
            ? new(recovery.DecidedAt ?? seenAt, DashboardEventKind.ForcedBootstrap, subject, $"recovery epoch {recovery.Epoch}: forced {recovery.Kind} — {reason}; {action}{by}")
            : new(recovery.DecidedAt ?? seenAt, DashboardEventKind.Recovery, subject, $"recovery epoch {recovery.Epoch}: {recovery.Kind} — {reason}; {action}{by}");
    }
}
