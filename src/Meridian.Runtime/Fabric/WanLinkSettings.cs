namespace Meridian.Runtime.Fabric;

/// <summary>
/// How one direction of a WAN link treats packets. Jitter is uniform in ±<see cref="Jitter"/> around
/// <see cref="OneWayDelay"/>, but never reorders a link's packets (they stay FIFO, as on one real path).
/// </summary>
public sealed record WanLinkSettings
{
    public WanLinkSettings(TimeSpan oneWayDelay, TimeSpan jitter = default, double lossProbability = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(oneWayDelay, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(jitter, TimeSpan.Zero);
        if (double.IsNaN(lossProbability) || lossProbability is < 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(lossProbability), lossProbability, "Loss is a probability between 0 and 1.");
        }

        OneWayDelay = oneWayDelay;
        Jitter = jitter;
        LossProbability = lossProbability;
    }

    public TimeSpan OneWayDelay { get; }

    public TimeSpan Jitter { get; }

    public double LossProbability { get; }

    /// <summary>The same delay both ways: half the round trip (the spec's RTT matrix is symmetric).</summary>
    public static WanLinkSettings FromRtt(TimeSpan rtt, TimeSpan jitter = default, double lossProbability = 0) =>
        new(rtt / 2, jitter, lossProbability);
}
