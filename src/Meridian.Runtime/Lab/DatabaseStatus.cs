using Meridian.Runtime.Coordination;
using Meridian.Runtime.Endpoints;

namespace Meridian.Runtime.Lab;

/// <summary>
/// The database layer as `status` shows it: etcd members, Galera nodes (as their agents report), arbitrators (garbd, as
/// the supervisor runs them and their logs report), endpoints.
/// </summary>
public sealed record DatabaseStatus(
    IReadOnlyList<EtcdMemberHealth> Etcd,
    IReadOnlyList<NodeReport> Nodes,
    IReadOnlyList<EndpointForwarderStatus> Endpoints,
    IReadOnlyList<ArbitratorReport> Arbitrators);
