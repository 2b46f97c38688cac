using Meridian.Runtime.Coordination;
using Meridian.Runtime.Endpoints;

namespace Meridian.Runtime.Lab;

/// <summary>The database layer as `status` shows it: etcd members, Galera nodes (as their agents report), endpoints.</summary>
public sealed record DatabaseStatus(
    IReadOnlyList<EtcdMemberHealth> Etcd,
    IReadOnlyList<NodeReport> Nodes,
    IReadOnlyList<EndpointForwarderStatus> Endpoints);
