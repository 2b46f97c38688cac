using Meridian.Core.Spec;

namespace Meridian.Core.Planning;

/// <summary>
/// Every Galera decision the spec's <c>galera</c> section leads to, resolved once by the planner so renderers and
/// agents only read values (docs/architecture.md, "Plan"). <see cref="Profile"/> still names the profile, for the
/// WAN timings and the comments in rendered files; what it implies is already applied to the other fields:
/// the <c>tutorial</c> profile means rsync SST, no TLS and <c>innodb_flush_log_at_trx_commit=0</c>, whatever
/// <c>sst</c> and <c>durability</c> say.
/// </summary>
/// <param name="Durability">What the spec asked for (comments explain the resolved flush setting by it).</param>
/// <param name="FlushLogAtTrxCommit">innodb_flush_log_at_trx_commit: 1 safe, 2 fast, 0 tutorial.</param>
/// <param name="Sst">The SST method mariadbd runs with.</param>
/// <param name="Tls">TLS for replication, IST and SST (Galera CA): off only under the tutorial profile.</param>
/// <param name="Segments">One gmcast.segment per region (RegionPlan.Segment holds each region's number).</param>
public sealed record GaleraPlan(GaleraTuning Profile, Durability Durability, int FlushLogAtTrxCommit, SstMethod Sst, bool Tls, bool Segments)
{
    public static GaleraPlan Resolve(GaleraSpec galera)
    {
        ArgumentNullException.ThrowIfNull(galera);
        var tutorial = galera.Tuning == GaleraTuning.Tutorial;
        return new GaleraPlan(
            galera.Tuning,
            galera.Durability,
            tutorial ? 0 : galera.Durability == Durability.Safe ? 1 : 2,
            tutorial ? SstMethod.Rsync : galera.Sst,
            Tls: !tutorial,
            galera.Segments);
    }
}
