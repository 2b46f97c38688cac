using Meridian.Core.Galera;

namespace Meridian.Core.Decisions;

/// <summary>
/// The clustercheck-style answer HAProxy's httpchk uses (https://github.com/olafz/percona-clustercheck semantics):
/// 200 when the node is Synced in a Primary component, or Donor/Desynced when donors are allowed; 503 otherwise.
/// It only reports: a health check never restarts or kills anything (a node in SST is alive, just not serving).
/// </summary>
public static class HealthDecision
{
    public const int Ok = 200;
    public const int Unavailable = 503;

    /// <param name="status">The last polled status, or null when mariadbd has no socket (starting, SST, stopped).</param>
    /// <param name="allowDonor">clustercheck's AVAILABLE_WHEN_DONOR: a donor serves reads but may be slow or blocked.</param>
    /// <param name="firstFormationPending">
    /// True on a node that started a brand-new cluster until every expected member has joined: no client may write
    /// before the joiners are in, or the fast first join (grastate pre-seeded to the cluster's seqno) would be unsafe.
    /// </param>
    public static HealthVerdict Decide(WsrepStatus? status, bool allowDonor, bool firstFormationPending)
    {
        if (status is null)
        {
            return new HealthVerdict(Unavailable, "mariadbd not answering (starting, in SST or stopped)");
        }

        if (firstFormationPending)
        {
            return new HealthVerdict(Unavailable, "new cluster still forming; writes wait until every node has joined");
        }

        if (!status.IsPrimary)
        {
            return new HealthVerdict(Unavailable, $"not in a Primary component ({status.ClusterStatus})");
        }

        if (!status.Ready)
        {
            return new HealthVerdict(Unavailable, "wsrep_ready is OFF");
        }

        return status.LocalStateComment switch
        {
            "Synced" => new HealthVerdict(Ok, "Galera node is Synced"),
            "Donor/Desynced" when allowDonor => new HealthVerdict(Ok, "Galera node is Donor/Desynced (allowed)"),
            var state => new HealthVerdict(Unavailable, $"Galera node is {(state.Length == 0 ? "in an unknown state" : state)}"),
        };
    }
}
