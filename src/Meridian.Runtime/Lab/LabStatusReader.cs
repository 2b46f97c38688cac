using Meridian.Runtime.Lab.Control;
using Meridian.Runtime.Vpn;

namespace Meridian.Runtime.Lab;

/// <summary>
/// Reads what `meridian status` and the dashboard show of a lab, from its supervisor: the database layer
/// (<see cref="DatabaseStatusRequest"/>), each tunnel (<see cref="VpnStatusRequest"/>) with its WAN link
/// (<see cref="WanShowRequest"/>), and the RTT measured through each tunnel (<see cref="TunnelProbe"/>).
/// </summary>
public sealed class LabStatusReader(LabContext lab)
{
    /// <summary>How the RTT through one tunnel is had: measured now (<see cref="MeasureRttAsync"/>), or a recent value.</summary>
    public delegate Task<double?> RttMeasure(TunnelView tunnel, CancellationToken cancellationToken);

    public LabContext Lab { get; } = lab;

    /// <summary>Everything, the RTT of each tunnel measured now (about 0.5 s, in parallel).</summary>
    public Task<LabStatus> ReadAsync(CancellationToken cancellationToken) => ReadAsync(MeasureRttAsync, cancellationToken);

    /// <summary>Everything, each tunnel's RTT from <paramref name="measure"/>.</summary>
    public async Task<LabStatus> ReadAsync(RttMeasure measure, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(measure);
        // Independent reads, in parallel: a snapshot takes as long as the slowest, not their sum (the dashboard's 1 s).
        var database = ReadDatabaseAsync(cancellationToken);
        var pairs = ReadPairsAsync(measure, cancellationToken);
        return new LabStatus(Lab.Plan.Cluster, await pairs.ConfigureAwait(false), await database.ConfigureAwait(false));
    }

    public Task<DatabaseStatus> ReadDatabaseAsync(CancellationToken cancellationToken) =>
        new LabSupervisorClient(Lab).SendAsync(new DatabaseStatusRequest(), cancellationToken);

    /// <summary>Each planned tunnel with its WAN link's settings and the RTT through it.</summary>
    public async Task<IReadOnlyList<LabPairStatus>> ReadPairsAsync(RttMeasure measure, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(measure);
        var supervisor = new LabSupervisorClient(Lab);
        var tunnelsRead = supervisor.SendAsync(new VpnStatusRequest(), cancellationToken);
        var linksRead = supervisor.SendAsync(new WanShowRequest(), cancellationToken);
        var tunnels = await tunnelsRead.ConfigureAwait(false);
        var links = await linksRead.ConfigureAwait(false);
        var measured = await Task.WhenAll(tunnels.Select(t => measure(t, cancellationToken))).ConfigureAwait(false);
        return tunnels.Select((t, i) =>
        {
            var link = links.First(l => l.From == t.Initiator && l.To == t.Responder);
            return new LabPairStatus($"{t.Initiator}~{t.Responder}", t.Name, t.Up, t.Detail, measured[i], link.RttMs, link.JitterMs, link.LossPercent, link.Cut || link.Isolated, t.LastRepair, t.Repairs);
        }).ToList();
    }

    /// <summary>Pings through the tunnel now (<see cref="TunnelProbe"/>); null when none came back.</summary>
    public Task<double?> MeasureRttAsync(TunnelView tunnel, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tunnel);
        return TunnelProbe.MeasureRttAsync(Lab.Plan, Lab.Runner, tunnel.Initiator, tunnel.Responder, cancellationToken);
    }
}
