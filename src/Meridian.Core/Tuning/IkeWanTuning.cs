namespace Meridian.Core.Tuning;

/// <summary>
/// strongSwan retransmission and dead-peer detection. The dead-peer time must stay longer than Galera's
/// suspect timeout, so that Galera decides membership before tunnels are torn down (docs/lab-notes.md#isolating-one-region).
/// </summary>
public sealed record IkeWanTuning(TimeSpan DpdDelay, double RetransmitTimeoutSeconds, double RetransmitBase, int RetransmitTries)
{
    /// <summary>Approximate time from the last answer to declaring the peer dead: DPD delay plus every retransmit.</summary>
    public TimeSpan DeadPeerTime
    {
        get
        {
            var total = DpdDelay.TotalSeconds;
            for (var i = 0; i <= RetransmitTries; i++)
            {
                total += RetransmitTimeoutSeconds * Math.Pow(RetransmitBase, i);
            }

            return TimeSpan.FromSeconds(total);
        }
    }
}
