using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using Meridian.Core.Decisions;
using Meridian.Core.Planning;
using Meridian.Runtime.Fabric;
using Meridian.Runtime.Vpn;

namespace Meridian.Runtime.Lab;

/// <summary>
/// The data-path watchdog (docs/vpn.md, "Data-path watchdog"): DPD proves only the IKE_SA, so every
/// <see cref="TunnelWatchPolicy.ProbeInterval"/> each tunnel is pinged LAN to LAN with the same probe `status` uses
/// (<see cref="TunnelProbe"/>), and <see cref="TunnelRepairDecision"/> decides whether a silent tunnel is repaired and
/// how. Probes run outside the VPN gate so they never delay the restart of a dead charon; repairs take the gate.
/// </summary>
public sealed partial class LabSupervisor
{
    private readonly Dictionary<string, TunnelWatchState> tunnelWatch = new(StringComparer.Ordinal);

    private async Task TunnelWatchAsync(WanHub hub, CancellationToken cancellationToken)
    {
        var policy = TunnelWatchPolicy.Default;
        var round = Stopwatch.StartNew();
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                // Fixed rate: a probe round starts every ProbeInterval, measured from the previous start. A failing probe
                // waits 2 s for replies, so a fixed pause between rounds would stretch detection by that much.
                var pause = policy.ProbeInterval - round.Elapsed;
                if (pause > TimeSpan.Zero)
                {
                    await Task.Delay(pause, cancellationToken).ConfigureAwait(false);
                }

                round.Restart();
                if (vpn is { } mesh)
                {
                    await CheckTunnelsAsync(mesh, hub, policy, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception ex)
            {
                Log($"tunnel watch: {ex.Message}");
            }
        }
    }

    private async Task CheckTunnelsAsync(VpnMesh mesh, WanHub hub, TunnelWatchPolicy policy, CancellationToken cancellationToken)
    {
        var tunnels = plan.Tunnels;
        var replies = await Task.WhenAll(tunnels.Select(t => TunnelProbe.MeasureRttAsync(plan, runner, t.InitiatorRegion, t.ResponderRegion, cancellationToken)))
            .ConfigureAwait(false);
        var nowMs = Environment.TickCount64;

        // swanctl is asked only when a probe failed: a healthy mesh costs one ping per tunnel and nothing else.
        var statuses = replies.All(r => r is not null) ? [] : await mesh.GetTunnelStatusAsync(cancellationToken).ConfigureAwait(false);
        var links = hub.Snapshot().Links;
        for (var i = 0; i < tunnels.Length; i++)
        {
            var tunnel = tunnels[i];
            var state = WatchStateOf(tunnel.Name, nowMs);
            var silent = TimeSpan.FromMilliseconds(nowMs - state.LastReplyMs);
            if (replies[i] is not null)
            {
                if (state.RepairsSinceReply > 0)
                {
                    Log($"tunnel {tunnel.Name}: carries traffic again after {state.RepairsSinceReply} repair(s) and {silent.TotalSeconds:F1} s without a reply");
                    lock (tunnelWatch)
                    {
                        state.LastRepair = state.LastRepair! with { TrafficBackAt = DateTimeOffset.UtcNow };
                    }
                }

                state.LastReplyMs = nowMs;
                state.SasUpSinceMs = nowMs;
                state.RepairsSinceReply = 0;
                state.LastRestarted = null;
                state.PreviousPacketsOut = null;
                continue;
            }

            var status = statuses.FirstOrDefault(s => s.Name == tunnel.Name);
            var packetsOut = status is null ? ((long, long)?)null : (status.Initiator.PacketsOut, status.Responder.PacketsOut);
            var previous = state.PreviousPacketsOut;
            state.PreviousPacketsOut = packetsOut;
            var sasUp = status?.IsUp ?? false;
            state.SasUpSinceMs = sasUp ? state.SasUpSinceMs ?? nowMs : null;
            var facts = new TunnelWatchFacts(
                ProbeReplied: false,
                SasUp: sasUp,
                SasUpFor: TimeSpan.FromMilliseconds(nowMs - (state.SasUpSinceMs ?? nowMs)),
                WanLinkDown: IsWanLinkDown(links, tunnel),
                Silent: silent,
                RepairsSinceReply: state.RepairsSinceReply,
                SinceLastRepair: TimeSpan.FromMilliseconds(nowMs - state.LastRepairMs),
                InitiatorOutAdvanced: previous is null || packetsOut is null || packetsOut.Value.Item1 != previous.Value.Initiator,
                ResponderOutAdvanced: previous is null || packetsOut is null || packetsOut.Value.Item2 != previous.Value.Responder,
                LastRestarted: state.LastRestarted);
            var verdict = TunnelRepairDecision.Decide(facts, policy);
            if (verdict.IsRepair)
            {
                var counters = previous is { } before && packetsOut is { } now
                    ? $"ESP packets out since the previous probe: {tunnel.InitiatorRegion} {before.Initiator}→{now.Item1}, {tunnel.ResponderRegion} {before.Responder}→{now.Item2}"
                    : "no previous ESP counters";
                await RepairTunnelAsync(mesh, tunnel, state, verdict, counters, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task RepairTunnelAsync(VpnMesh mesh, TunnelPlan tunnel, TunnelWatchState state, TunnelRepairVerdict verdict, string counters, CancellationToken cancellationToken)
    {
        var restart = verdict.Action == TunnelRepairAction.RestartCharon;
        var region = verdict.Target == TunnelEnd.Responder ? tunnel.ResponderRegion : tunnel.InitiatorRegion;
        var action = restart ? TunnelRepair.RestartCharon : TunnelRepair.ReinitiateChild;
        var at = DateTimeOffset.UtcNow;
        Log($"tunnel {tunnel.Name}: {verdict.Reason}; {action} on {region} ({counters})");

        bool succeeded;
        string detail;
        var stopwatch = Stopwatch.StartNew();
        await vpnGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (restart)
            {
                // The router's agent restarts charon by its policy; the mesh reloads the new one.
                var took = await mesh.RestartRouterAsync(region, cancellationToken).ConfigureAwait(false);
                succeeded = true;
                detail = string.Create(CultureInfo.InvariantCulture, $"charon restarted, its tunnels up in {took.TotalSeconds:F1} s");
            }
            else
            {
                succeeded = await mesh.ReinitiateChildAsync(tunnel.Name, cancellationToken).ConfigureAwait(false);
                detail = succeeded
                    ? string.Create(CultureInfo.InvariantCulture, $"new CHILD_SA installed in {stopwatch.Elapsed.TotalSeconds:F1} s")
                    : "swanctl --initiate failed or timed out; charon keeps trying (keyingtries=0)";
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            succeeded = false;
            detail = ex.Message.ReplaceLineEndings(" ");
        }
        finally
        {
            vpnGate.Release();
        }

        Log($"tunnel {tunnel.Name}: {action} on {region} {(succeeded ? "done" : "failed")}: {detail}");
        lock (tunnelWatch)
        {
            state.RepairsSinceReply++;
            state.Repairs++;
            state.LastRepairMs = Environment.TickCount64;
            state.LastRestarted = restart ? verdict.Target : state.LastRestarted;
            state.PreviousPacketsOut = null;
            state.LastRepair = new TunnelRepair(at, action, region, verdict.Reason, succeeded, detail);
        }
    }

    private TunnelWatchState WatchStateOf(string tunnel, long nowMs)
    {
        lock (tunnelWatch)
        {
            if (!tunnelWatch.TryGetValue(tunnel, out var state))
            {
                state = new TunnelWatchState(nowMs);
                tunnelWatch.Add(tunnel, state);
            }

            return state;
        }
    }

    /// <summary>The last repair of <paramref name="tunnel"/> and how many there were since the supervisor started.</summary>
    private (TunnelRepair? Last, int Count) RepairsOf(string tunnel)
    {
        lock (tunnelWatch)
        {
            return tunnelWatch.TryGetValue(tunnel, out var state) ? (state.LastRepair, state.Repairs) : (null, 0);
        }
    }

    /// <summary>A cut link, an isolated end or 100 % loss in either direction: no repair of the routers can mend that.</summary>
    private static bool IsWanLinkDown(ImmutableArray<WanLinkState> links, TunnelPlan tunnel) =>
        links.Where(l => tunnel.Involves(l.Link.From) && tunnel.Involves(l.Link.To))
            .Any(l => l.IsCut || l.Settings.LossProbability >= 1);
}
