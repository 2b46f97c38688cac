namespace Meridian.Runtime.Coordination;

/// <summary>One etcd member as seen through the client API.</summary>
public sealed record EtcdMemberHealth(string Name, string Endpoint, bool Healthy, bool IsLeader, long RaftIndex, string? Error);
