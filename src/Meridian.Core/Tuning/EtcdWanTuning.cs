namespace Meridian.Core.Tuning;

/// <summary>etcd Raft timing (https://etcd.io/docs/v3.4/tuning/#time-parameters).</summary>
public sealed record EtcdWanTuning(int HeartbeatIntervalMs, int ElectionTimeoutMs, bool PreVote);
