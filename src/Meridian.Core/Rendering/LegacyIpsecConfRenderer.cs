using Meridian.Core.Planning;

namespace Meridian.Core.Rendering;

/// <summary>
/// The same mesh as ipsec.conf for users following the old tutorial (stroke/starter). Meridian itself runs swanctl;
/// this is an export only. Mapping: docs/lab-notes.md#old-ipsecconf--swanctlconf;
/// https://docs.strongswan.org/docs/latest/config/IKEv2CipherSuites.html for the proposal syntax.
/// </summary>
public static class LegacyIpsecConfRenderer
{
    public static string Render(ClusterPlan plan, RegionPlan region)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(region);
        var ike = plan.Tuning.Ike;

        var text = new ConfigTextBuilder();
        text.Comment("Rendered by Meridian: a legacy export for the ipsec.conf/starter tooling. Meridian itself loads swanctl.conf.");
        text.Comment($"Router {region.RouterHost} ({region.Name}).");
        text.Line();
        text.Line("config setup");
        text.Indent();
        text.Comment("uniqueids=yes replaces an old IKE_SA for the same identity (swanctl: unique=replace).");
        text.Line("uniqueids = yes");
        text.Outdent();
        text.Line();
        text.Line("conn %default");
        text.Indent();
        text.Line("keyexchange = ikev2");
        text.Line($"ike = {SwanctlConfRenderer.IkeProposal}!");
        text.Line($"esp = {SwanctlConfRenderer.EspProposal}!");
        text.Line("forceencaps = yes");
        text.Line("keyingtries = %forever");
        text.Line($"dpddelay = {(int)ike.DpdDelay.TotalSeconds}s");
        text.Line("leftauth = pubkey");
        text.Line("rightauth = pubkey");
        text.Line($"left = {region.WanAddress}");
        text.Line($"leftid = @{region.IkeId}");
        text.Line($"leftcert = {region.IkeId}.crt");
        text.Line($"leftsubnet = {region.Cidr}");
        text.Outdent();

        foreach (var tunnel in plan.Tunnels.Where(t => t.Involves(region.Name)))
        {
            var peer = plan.Region(tunnel.Peer(region.Name));
            var initiator = tunnel.InitiatorRegion == region.Name;
            text.Line();
            text.Line($"conn {tunnel.Name}");
            text.Indent();
            text.Line($"right = {peer.WanAddress}");
            text.Line($"rightid = @{peer.IkeId}");
            text.Line($"rightsubnet = {peer.Cidr}");
            if (initiator)
            {
                text.Line("auto = start");
                text.Line("dpdaction = restart");
                text.Line("closeaction = restart");
            }
            else
            {
                text.Comment($"{peer.Name} initiates; one initiator per pair.");
                text.Line("auto = add");
                text.Line("dpdaction = clear");
                text.Line("closeaction = none");
            }

            text.Outdent();
        }

        return text.ToString();
    }
}
