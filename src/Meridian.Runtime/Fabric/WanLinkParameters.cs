using System.Diagnostics;

namespace Meridian.Runtime.Fabric;

/// <summary>
/// <see cref="WanLinkSettings"/> converted once to <see cref="Stopwatch"/> ticks. Immutable and swapped as one
/// reference, so the data path always sees a consistent set without a lock.
/// </summary>
internal sealed class WanLinkParameters
{
    public WanLinkParameters(WanLinkSettings settings)
    {
        Settings = settings;
        DelayTicks = ToTicks(settings.OneWayDelay);
        JitterTicks = ToTicks(settings.Jitter);
        LossProbability = settings.LossProbability;
    }

    public WanLinkSettings Settings { get; }

    public long DelayTicks { get; }

    public long JitterTicks { get; }

    public double LossProbability { get; }

    private static long ToTicks(TimeSpan span) => (long)Math.Round(span.Ticks * (Stopwatch.Frequency / (double)TimeSpan.TicksPerSecond));
}
