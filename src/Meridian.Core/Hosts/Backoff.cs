namespace Meridian.Core.Hosts;

/// <summary>
/// Exponential restart delays: <see cref="First"/>, then ×<see cref="Factor"/> per failure in a row, at most
/// <see cref="Max"/>. A daemon that ran at least <see cref="ResetAfter"/> before it died starts again at
/// <see cref="First"/>: a crash loop slows down, a crash after a day of service is restarted at once.
/// </summary>
public sealed record Backoff(TimeSpan First, TimeSpan Max, double Factor = 2, TimeSpan? ResetAfter = null)
{
    /// <summary>
    /// 1 s, 2 s, 4 s … 30 s. The lab's watchdog restarted a dead daemon within its 1 s tick and then at most every 5 s
    /// (docs/lab.md, "The supervisor"); this starts as fast and gives a crash loop more room.
    /// </summary>
    public static readonly Backoff Default = new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));

    /// <summary>After this much uptime a death no longer counts as part of a crash loop (default 60 s).</summary>
    public TimeSpan EffectiveResetAfter => ResetAfter ?? TimeSpan.FromSeconds(60);

    /// <summary>The delay before restart number <paramref name="failuresInARow"/> (1 = the first after a good run).</summary>
    public TimeSpan DelayFor(int failuresInARow)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(failuresInARow, 1);
        var seconds = First.TotalSeconds * Math.Pow(Factor, Math.Min(failuresInARow - 1, 62));
        return seconds >= Max.TotalSeconds ? Max : TimeSpan.FromSeconds(seconds);
    }

    public override string ToString() => $"backoff {Seconds(First)}…{Seconds(Max)} ×{Factor:0.##}";

    private static string Seconds(TimeSpan span) => $"{span.TotalSeconds:0.###} s";
}
