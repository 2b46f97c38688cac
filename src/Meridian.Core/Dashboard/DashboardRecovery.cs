namespace Meridian.Core.Dashboard;

/// <summary>
/// The latest recovery epoch as `meridian recover` shows it (docs/recovery.md): its number, the decision's kind
/// ("bootstrap" or "start-all"), the node chosen to bootstrap (empty for start-all), the reason, whether an operator
/// forced it, who decided and when. <see cref="None"/> when the cluster has had no recovery epoch yet; a snapshot holds
/// null instead when the facts were not read yet.
/// </summary>
public sealed record DashboardRecovery(long Epoch, string Kind, string Node, string Reason, bool Forced, string DecidedBy, DateTimeOffset? DecidedAt)
{
    public const string BootstrapKind = "bootstrap";

    /// <summary>Read, and no recovery epoch was ever decided.</summary>
    public static readonly DashboardRecovery None = new(0, "none", string.Empty, string.Empty, Forced: false, string.Empty, null);
}
