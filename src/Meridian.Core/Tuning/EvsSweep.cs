using Meridian.Core.Rendering;

namespace Meridian.Core.Tuning;

/// <summary>
/// The EVS settings for one point of the suspect-timeout sweep (<c>bench/false-evictions.sh --sweep</c>,
/// docs/performance.md#failover): the derived tuning with another evs.suspect_timeout, and the options that follow it
/// moved so that Galera's ranges still hold. Pure.
/// </summary>
public static class EvsSweep
{
    /// <summary>
    /// The derived tuning with <paramref name="suspect"/>: keepalive at most suspect/3 (but not under Galera's 100 ms),
    /// inactive and install at 3 × suspect as <see cref="WanTuner"/> sets them. evs.inactive_check_period cannot be
    /// changed on a running node (gcomm/src/evs_proto.cpp, set_param refuses it with EPERM), so it stays.
    /// </summary>
    public static GaleraWanTuning WithSuspect(GaleraWanTuning derived, TimeSpan suspect)
    {
        ArgumentNullException.ThrowIfNull(derived);
        var third = TimeSpan.FromMilliseconds(Math.Floor(suspect.TotalMilliseconds / 3 / 100) * 100);
        var keepalive = derived.KeepalivePeriod < third ? derived.KeepalivePeriod : Max(WanTuningInvariants.GaleraMinimumPeriod, third);
        return derived with
        {
            SuspectTimeout = suspect,
            KeepalivePeriod = keepalive,
            InactiveTimeout = suspect * 3,
            InstallTimeout = suspect * 3,
        };
    }

    /// <summary>
    /// <c>SET GLOBAL wsrep_provider_options</c> values to apply one at a time, in an order every intermediate state
    /// passes Galera's runtime checks: set_param checks install_timeout against the keepalive and inactive timeout
    /// already in force (2·keepalive ≤ install ≤ inactive), and nothing else, so keepalive and inactive go first.
    /// </summary>
    public static IReadOnlyList<string> RuntimeOptions(GaleraWanTuning tuning)
    {
        ArgumentNullException.ThrowIfNull(tuning);
        return
        [
            $"evs.keepalive_period={GaleraPeriod.Format(tuning.KeepalivePeriod)}",
            $"evs.inactive_timeout={GaleraPeriod.Format(tuning.InactiveTimeout)}",
            $"evs.install_timeout={GaleraPeriod.Format(tuning.InstallTimeout)}",
            $"evs.suspect_timeout={GaleraPeriod.Format(tuning.SuspectTimeout)}",
        ];
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
