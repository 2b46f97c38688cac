namespace Meridian.Core.Dashboard;

/// <summary>One timeline entry: what changed between two snapshots, about which tunnel or node (<see cref="Subject"/>).</summary>
public sealed record DashboardEvent(DateTimeOffset At, DashboardEventKind Kind, string Subject, string Message);

/// <summary>The kinds of change the timeline reports; the page shows them as data-kind="tunnel-cut" and so on.</summary>
public enum DashboardEventKind
{
    TunnelUp,
    TunnelDown,
    TunnelCut,
    TunnelHealed,
    NodeStateChanged,
    NodeJoinedPrimary,
    NodeLeftPrimary,

    /// <summary>A new recovery epoch: the agents' decision and its reason.</summary>
    Recovery,

    /// <summary>A new recovery epoch that an operator forced (`meridian recover --force-bootstrap`).</summary>
    ForcedBootstrap,
}
