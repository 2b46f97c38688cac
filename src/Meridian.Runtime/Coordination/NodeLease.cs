namespace Meridian.Runtime.Coordination;

/// <summary>The lease a node's report is attached to, and the TTL it was asked for (a different TTL needs a new lease).</summary>
internal sealed record NodeLease(long Id, TimeSpan RequestedTtl, long GrantedTtlSeconds);
