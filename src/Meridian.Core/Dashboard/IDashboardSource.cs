using Meridian.Core.Chaos;

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

/// <summary>
/// The lab's runtime controls the page offers: the `meridian wan` changes and the `meridian chaos` faults; other
/// providers have none (docs/dashboard.md, "Lab controls"). Both throw <see cref="DashboardInputException"/> for a name
/// the lab does not have.
/// </summary>
public interface IDashboardLabControls
{
    /// <summary>Applies <paramref name="action"/> as `meridian wan` would.</summary>
    Task WanAsync(DashboardWanAction action, CancellationToken cancellationToken);

    /// <summary>Injects one fault as `meridian chaos` would; a timed fault returns once it is undone. Returns what was done.</summary>
    Task<IReadOnlyList<DashboardFaultEvent>> InjectFaultAsync(FaultKind kind, string target, TimeSpan duration, CancellationToken cancellationToken);
}
