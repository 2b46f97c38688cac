namespace Meridian.Core.Planning;

/// <summary>One Galera member of the plan: a data node, or an arbitrator (garbd) that votes but holds no data.</summary>
/// <param name="Address">Its LAN address: wsrep_node_address, and the host part of its wsrep_incoming_addresses entry.</param>
/// <param name="Weight">Its Galera quorum weight (pc.weight; the rendered configs set none, so every member has 1).</param>
public sealed record GaleraMember(string Name, string Region, string Address, bool Arbitrator, int Weight);
