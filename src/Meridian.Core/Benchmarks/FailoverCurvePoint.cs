namespace Meridian.Core.Benchmarks;

/// <summary>
/// One point of the suspect-timeout sweep (<c>bench/false-evictions.sh --sweep</c>, docs/performance.md#failover): the
/// evs.suspect_timeout, the failover it should give and the one measured, and the false evictions (view changes plus
/// evictions) and suspicions the nodes logged during the loaded run before it.
/// </summary>
public sealed record FailoverCurvePoint(double SuspectSeconds, double ExpectedFailoverSeconds, double? FailoverSeconds, int FalseEvictions, int Suspicions);
