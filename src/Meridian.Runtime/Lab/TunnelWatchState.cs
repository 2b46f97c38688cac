using Meridian.Core.Decisions;

namespace Meridian.Runtime.Lab;

/// <summary>
/// What the data-path watchdog remembers about one tunnel between probes (monotonic times from
/// <see cref="Environment.TickCount64"/>, so a clock step never fakes a silence).
/// </summary>
internal sealed class TunnelWatchState(long nowMs)
{
    public long LastReplyMs { get; set; } = nowMs;

    /// <summary>Since when the SAs are known to be up without a break (a reply proves them); null after a look found them down.</summary>
    public long? SasUpSinceMs { get; set; } = nowMs;

    public int RepairsSinceReply { get; set; }

    public long LastRepairMs { get; set; }

    public TunnelEnd? LastRestarted { get; set; }

    /// <summary>Packets-out counters of both ends at the previous failed probe, to see whose ESP output moves.</summary>
    public (long Initiator, long Responder)? PreviousPacketsOut { get; set; }

    public int Repairs { get; set; }

    public TunnelRepair? LastRepair { get; set; }
}
