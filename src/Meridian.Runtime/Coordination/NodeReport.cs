namespace Meridian.Runtime.Coordination;

/// <summary>
/// What an agent publishes about its node, under a lease, so that a dead agent's report expires. <see cref="Detail"/>
/// says why a node without a running mariadbd is holding (e.g. which node a recovery waits for), for `status`.
/// </summary>
public sealed record NodeReport(
    string Node,
    string Region,
    int Segment,
    string State,
    string ClusterStatus,
    int ClusterSize,
    string ClusterUuid,
    long LastCommitted,
    bool Ready,
    double FlowControlPaused,
    DateTimeOffset Heartbeat,
    string? Detail = null);
