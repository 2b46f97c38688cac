namespace Meridian.Core.Decisions;

/// <summary>What the router supervision does about one tunnel after a data-path probe. See <see cref="TunnelRepairDecision"/>.</summary>
public enum TunnelRepairAction
{
    /// <summary>The probe was answered through the tunnel: nothing to do.</summary>
    Healthy,

    /// <summary>No answer, but nothing to repair yet (under the threshold, a repair is settling, the WAN is cut, or the SAs are down).</summary>
    Wait,

    /// <summary>Terminate the CHILD_SA and initiate it again from the tunnel's initiator: new SAs and SPIs at both ends, same IKE_SA.</summary>
    ReinitiateChild,

    /// <summary>Restart one end's charon (<see cref="TunnelRepairVerdict.Target"/>): a fresh libipsec, IKE_SA and CHILD_SAs for that router.</summary>
    RestartCharon,
}
