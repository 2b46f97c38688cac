using Meridian.Core.Spec;

namespace Meridian.Core.Tuning;

/// <summary>
/// Expected time from a region's isolation until the survivors commit again (what <c>bench/recovery.sh</c> measures),
/// from the EVS settings alone. Pure; used in docs/performance.md#failover and docs/architecture.md.
/// <para>
/// Each survivor suspects the cut region once it has been silent for evs.suspect_timeout, noticed at the next
/// inactivity check (up to one evs.inactive_check_period later), and declares it inactive at once because it sent no
/// JOIN (gcomm/src/evs_proto.cpp, check_inactive). The new view then takes about <see cref="ViewInstallRoundTrips"/>
/// worst round trips: JOIN exchange to consensus, the representative's INSTALL, the commit GAPs, and the primary
/// component's state exchange (gcomm/src/pc_proto.cpp). With PT5S / PT0.5S on the default matrix this gives
/// 5 + 0.5 + 0.66 ≈ 6.2 s, against 5.6–6.1 s measured (docs/lab-notes.md#isolating-one-region), so it is an upper
/// estimate: the last packet from the cut region usually arrived a little before the cut.
/// </para>
/// </summary>
public static class FailoverEstimate
{
    /// <summary>Worst round trips for the membership protocol to install the new primary view.</summary>
    public const int ViewInstallRoundTrips = 4;

    public static TimeSpan Expected(GaleraWanTuning galera, RttMatrix rtt, WanImpairments? impairments = null)
    {
        ArgumentNullException.ThrowIfNull(galera);
        ArgumentNullException.ThrowIfNull(rtt);
        var model = EvsSilenceModel.For(rtt, impairments ?? WanImpairments.None);
        return galera.SuspectTimeout + galera.InactiveCheckPeriod + (model.WorstRoundTrip * ViewInstallRoundTrips);
    }
}
