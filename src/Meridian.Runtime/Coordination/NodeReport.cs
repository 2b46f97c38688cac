namespace Meridian.Runtime.Coordination;

/// <summary>What an agent publishes about its node, under a lease, so that a dead agent's report expires.</summary>
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
    DateTimeOffset Heartbeat);
