namespace Meridian.Core.Dashboard;

/// <summary>
/// Where the dashboard's facts come from: one implementation per provider (the lab's reads its supervisor). The
/// dashboard asks about once a second; an implementation keeps slow measurements (RTT through tunnels) on their own
/// schedule and returns their last value (docs/dashboard.md).
/// </summary>
public interface IDashboardSource
{
    Task<DashboardSnapshot> SnapshotAsync(CancellationToken cancellationToken);
}

/// <summary>The lab's runtime controls the page offers (cut and heal a WAN link); other providers have none.</summary>
public interface IDashboardLabControls
{
    /// <summary>Cuts (<paramref name="cut"/> true) or heals the link of <paramref name="pair"/> ("A~B").</summary>
    Task SetLinkCutAsync(string pair, bool cut, CancellationToken cancellationToken);
}
