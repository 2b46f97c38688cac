namespace Meridian.Core.Tuning;

/// <summary>Every WAN-dependent setting, derived from the RTT matrix by <see cref="WanTuner"/>.</summary>
public sealed record WanTuning(GaleraWanTuning Galera, EtcdWanTuning Etcd, IkeWanTuning Ike);
