using Meridian.Runtime.Lab;
using Meridian.Runtime.Lab.Control;

namespace Meridian.Runtime.Bench;

/// <summary>
/// Reads the hub's per-link byte and packet counters (the ones `meridian wan show` prints). They count what crosses
/// the emulated WAN: ESP-in-UDP packets with their IP headers, so IPsec overhead is included, as a cloud bill would.
/// </summary>
public static class WanTrafficMeter
{
    public static async Task<WanCounterSnapshot> ReadAsync(LabContext lab, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lab);
        var links = await new LabSupervisorClient(lab).SendAsync(new WanShowRequest(), cancellationToken).ConfigureAwait(false);
        return new WanCounterSnapshot(links.Sum(l => l.Bytes), links.Sum(l => l.Packets), DateTime.UtcNow);
    }
}
