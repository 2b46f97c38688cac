namespace Meridian.Core.Decisions;

/// <summary>
/// Whether an agent restarts its running server that stays outside every Primary component while another node reports
/// one (docs/recovery.md#the-protocol-agents-no-operator, rule 9). Galera re-merges a healed partition within seconds,
/// and a joiner receiving IST is already in the Primary component, so a server seen non-Primary beside a live Primary
/// for <see cref="Patience"/> is stuck: seen in CI after "Sending JOIN failed: -103 (Connection was closed)" at the end
/// of an IST, the joiner sat "Joining: receiving State Transfer", non-Primary, for minutes. It cannot commit, so a
/// restart loses nothing; it rejoins the Primary by IST. Pure.
/// <para>
/// The clock starts only when the agent sees both at once: a server cut off with its region cannot read the others'
/// reports, so after a long isolation it gets the whole patience to re-merge once the cut heals.
/// </para>
/// </summary>
public static class StrandedServerDecision
{
    /// <summary>Several times a WAN re-merge (reconnect plus a membership round), short beside a stuck node's minutes.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    /// <summary>A report older than this is no evidence of a Primary now: agents report every second under a 5 s lease.</summary>
    public static readonly TimeSpan ReportFreshness = TimeSpan.FromSeconds(5);

    /// <summary>"Not stranded": the clock is not running.</summary>
    public static readonly DateTimeOffset NotStranded = DateTimeOffset.MaxValue;

    /// <summary>
    /// Since when the server has been stranded, after one more look: <paramref name="previous"/> while it still is,
    /// <paramref name="now"/> when it just became so, <see cref="NotStranded"/> when it is not.
    /// </summary>
    /// <param name="previous">The last look's answer (<see cref="NotStranded"/> at first).</param>
    /// <param name="now">The agent's clock.</param>
    /// <param name="serverNonPrimary">This node's running server answered, and not Primary.</param>
    /// <param name="others">The other nodes' reports: wsrep_cluster_status and when it was published.</param>
    public static DateTimeOffset StrandedSince(DateTimeOffset previous, DateTimeOffset now, bool serverNonPrimary, IEnumerable<(string ClusterStatus, DateTimeOffset Heartbeat)> others)
    {
        ArgumentNullException.ThrowIfNull(others);
        var stranded = serverNonPrimary && others.Any(o => o.ClusterStatus == "Primary" && now - o.Heartbeat <= ReportFreshness);
        return !stranded ? NotStranded : previous == NotStranded ? now : previous;
    }

    /// <summary>Restart once the server has been stranded for <see cref="Patience"/>.</summary>
    public static bool ShouldRestart(DateTimeOffset strandedSince, DateTimeOffset now) => strandedSince != NotStranded && now - strandedSince >= Patience;
}
