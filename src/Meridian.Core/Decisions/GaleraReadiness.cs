using Meridian.Core.Galera;

namespace Meridian.Core.Decisions;

/// <summary>
/// Ready = wsrep_ready ON, Primary, Synced and the expected cluster size (docs/lab-notes.md#readiness). A Primary component
/// smaller than expected is serving but not complete, so "ready" is the stronger "whole cluster formed" condition.
/// </summary>
public static class GaleraReadiness
{
    public static bool IsReady(WsrepStatus? status, int expectedClusterSize) =>
        status is not null && status.Ready && status.IsPrimary && status.IsSynced && status.ClusterSize == expectedClusterSize;
}
