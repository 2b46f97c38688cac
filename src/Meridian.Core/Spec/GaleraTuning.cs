namespace Meridian.Core.Spec;

/// <summary>
/// Which Galera configuration profile the nodes get (<c>galera.tuning</c>). Only <see cref="Derived"/> is meant for
/// real use; the other two exist so a WAN benchmark (bench/wan-perf.sh) can compare against them.
/// </summary>
public enum GaleraTuning
{
    /// <summary>
    /// The default: one gmcast.segment per region, Galera TLS, and evs.*/gcs.* values derived from the RTT matrix
    /// (docs/architecture.md#principles, principle 7; Meridian.Core.Tuning.WanTuner).
    /// </summary>
    Derived,

    /// <summary>
    /// Galera's own defaults for comparison: no evs.*/gcs.*/gmcast.peer_timeout overrides, every node in segment 0.
    /// Keeps TLS, gcache.size, pc.recovery and the spec's durability and SST method.
    /// </summary>
    Defaults,

    /// <summary>
    /// The old manual tutorial's my.cnf: innodb_flush_log_at_trx_commit=0, rsync SST, segment 0, no Galera or SST TLS.
    /// LOSES ACKNOWLEDGED COMMITS when a node crashes (even only mariadbd); for benchmarks only.
    /// </summary>
    Tutorial,
}
