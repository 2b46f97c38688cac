namespace Meridian.Core.Decisions;

/// <summary>
/// The outcome of <see cref="TunnelRepairDecision.Decide"/>: the action, the end whose charon is restarted (only for
/// <see cref="TunnelRepairAction.RestartCharon"/>), and a one-line reason for the supervisor log and `meridian status`.
/// </summary>
public sealed record TunnelRepairVerdict(TunnelRepairAction Action, TunnelEnd? Target, string Reason)
{
    public bool IsRepair => Action is TunnelRepairAction.ReinitiateChild or TunnelRepairAction.RestartCharon;
}
