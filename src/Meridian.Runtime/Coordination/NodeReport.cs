namespace Meridian.Runtime.Coordination;

/// <summary>
/// What an agent publishes about its node, under a lease, so that a dead agent's report expires. <see cref="Detail"/>
/// says why a node without a running mariadbd is holding (e.g. which node a recovery waits for), for `status`.
/// The queue and certification fields are null in a report from an agent that predates them (and while mariadbd does
/// not answer); a reader treats null as "not reported", never as 0.
/// </summary>
/// <param name="SendQueue">wsrep_local_send_queue at the last poll (docs/metrics.md).</param>
/// <param name="ReceiveQueue">wsrep_local_recv_queue at the last poll.</param>
/// <param name="CertificationFailures">wsrep_local_cert_failures since mariadbd started.</param>
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
    string? Detail = null,
    long? SendQueue = null,
    long? ReceiveQueue = null,
    long? CertificationFailures = null);
