using Meridian.Runtime.Coordination;

namespace Meridian.Runtime.Lab.Control;

/// <summary>Start the routers' agents and the strongSwan mesh (or wait for its tunnels); answers every tunnel.</summary>
public sealed record VpnUpRequest : ControlRequest<IReadOnlyList<TunnelView>>;

/// <summary>Every planned tunnel's state and the data-path watchdog's repairs of it.</summary>
public sealed record VpnStatusRequest : ControlRequest<IReadOnlyList<TunnelView>>;

/// <summary>Start the VPN if needed, then etcd, the agents, garbd, HAProxy and the endpoints; answers the database status.</summary>
public sealed record DatabaseUpRequest : ControlRequest<DatabaseStatus>;

/// <summary>etcd members, Galera nodes, arbitrators and endpoints as `meridian status` shows them.</summary>
public sealed record DatabaseStatusRequest : ControlRequest<DatabaseStatus>;

/// <summary>The recovery facts, epochs and node reports `meridian recover` decides from.</summary>
public sealed record RecoveryViewRequest : ControlRequest<RecoveryView>;

/// <summary>
/// Store a forced bootstrap of <paramref name="Node"/> as the next recovery epoch (docs/recovery.md, "Forcing"), accepting
/// that the members in <paramref name="AcceptedLost"/> may hold commits no one else has; answers the stored epoch.
/// </summary>
public sealed record ForceBootstrapRequest(string Node, IReadOnlyList<string> AcceptedLost) : ControlRequest<RecoveryRecord>;
