namespace Meridian.Core.Decisions;

/// <summary>
/// Whether an agent restarts its running server that stays outside every Primary component while another node reports
/// one (docs/recovery.md#the-protocol-agents-no-operator, rule 9). Galera re-merges a healed partition within seconds,
/// and a joiner receiving IST is already in the Primary component, so a server non-Primary for <see cref="Patience"/>
/// beside a live Primary is stuck: seen in CI after "Sending JOIN failed: -103 (Connection was closed)" at the end of
/// an IST, the joiner sat "Joining: receiving State Transfer", non-Primary, for minutes. It cannot commit, so a restart
/// loses nothing; it rejoins the Primary by IST. Pure.
/// </summary>
public static class StrandedServerDecision
{
    /// <summary>Several times a WAN re-merge (reconnect plus a membership round), short beside a stuck node's minutes.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    /// <summary>A report older than this is no evidence of a Primary now: agents report every second under a 5 s lease.</summary>
    public static readonly TimeSpan ReportFreshness = TimeSpan.FromSeconds(5);

    /// <param name="nonPrimarySince">Since when every status read of this running server said non-Primary (reset by any
    /// other answer, including none); <see cref="DateTimeOffset.MaxValue"/> when the last read was not non-Primary.</param>
    /// <param name="now">The agent's clock.</param>
    /// <param name="others">The other nodes' reports: wsrep_cluster_status and when it was published.</param>
    public static bool ShouldRestart(DateTimeOffset nonPrimarySince, DateTimeOffset now, IEnumerable<(string ClusterStatus, DateTimeOffset Heartbeat)> others)
    {
        ArgumentNullException.ThrowIfNull(others);
        return nonPrimarySince != DateTimeOffset.MaxValue
            && now - nonPrimarySince >= Patience
            && others.Any(o => o.ClusterStatus == "Primary" && now - o.Heartbeat <= ReportFreshness);
    }
}
