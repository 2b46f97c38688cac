namespace Meridian.Core.Planning;

/// <summary>
/// One IKEv2 site-to-site tunnel. Exactly one side initiates: if both used start_action=start,
/// duplicate IKE_SAs pile up and never converge (docs/lab-notes.md#strongswan-pitfalls).
/// </summary>
public sealed record TunnelPlan(string Name, string InitiatorRegion, string ResponderRegion)
{
    public bool Involves(string region) => InitiatorRegion == region || ResponderRegion == region;

    public string Peer(string region) => InitiatorRegion == region ? ResponderRegion : InitiatorRegion;
}
