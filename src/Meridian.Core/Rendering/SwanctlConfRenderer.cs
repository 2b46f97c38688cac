using Meridian.Core.Planning;
using Meridian.Core.Tuning;

namespace Meridian.Core.Rendering;

/// <summary>
/// swanctl.conf for one router: one IKEv2 connection per tunnel of the full mesh that involves the router's region
/// (https://docs.strongswan.org/docs/latest/swanctl/swanctlConf.html).
/// </summary>
public static class SwanctlConfRenderer
{
    /// <summary>IKE proposal measured in the lab; the openssl plugin is absent, so no AES-GCM or ECDSA (docs/lab-notes.md#algorithms).</summary>
    public const string IkeProposal = "aes128-sha256-x25519";

    /// <summary>
    /// ESP proposal: the ciphers measured in the lab with kernel-libipsec, plus x25519 so every CHILD_SA rekey runs a
    /// fresh key exchange (perfect forward secrecy). The key exchange is charon's (curve25519 plugin, as in the IKE
    /// proposal); kernel-libipsec only sees the resulting AES/SHA keys. The first CHILD_SA comes with IKE_AUTH and has no
    /// key exchange of its own, so the group applies from the first rekey on
    /// (https://docs.strongswan.org/docs/latest/config/rekeying.html; docs/vpn.md).
    /// </summary>
    public const string EspProposal = "aes128-sha256-x25519";

    public static string Render(ClusterPlan plan, RegionPlan region)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(region);
        var ike = plan.Tuning.Ike;

        var text = new ConfigTextBuilder();
        text.Comment("Rendered by Meridian. Do not edit: `meridian up` rewrites this file.");
        text.Comment($"Router {region.RouterHost} ({region.Name}); one connection per tunnel of the full mesh.");
        text.Line();
        text.Open("connections");
        foreach (var tunnel in plan.Tunnels.Where(t => t.Involves(region.Name)))
        {
            var peer = plan.Region(tunnel.Peer(region.Name));
            var initiator = tunnel.InitiatorRegion == region.Name;
            RenderConnection(text, tunnel, region, peer, initiator, ike);
        }

        text.Close();
        return text.ToString();
    }

    private static void RenderConnection(ConfigTextBuilder text, TunnelPlan tunnel, RegionPlan local, RegionPlan peer, bool initiator, IkeWanTuning ike)
    {
        text.Line();
        text.Comment(initiator
            ? $"{local.Name} -> {peer.Name}: this side initiates. Exactly one initiator per pair; two would pile up duplicate IKE_SAs."
            : $"{local.Name} <- {peer.Name}: this side only responds; {peer.Name} initiates.");
        text.Open(tunnel.Name);
        text.Line("version = 2");
        if (local.WanAddressTranslated)
        {
            // An Elastic IP is not on the router's interface: charon sends from and listens on its private address
            // and NAT-T carries the tunnel through the translation; the certificate identity stays the same.
            text.Line("local_addrs = %any");
        }
        else
        {
            text.Line($"local_addrs = {local.WanAddress}");
        }

        text.Line($"remote_addrs = {peer.WanAddress}");
        text.Comment("Always UDP-encapsulate ESP (port 4500): kernel-libipsec carries ESP in userspace.");
        text.Line("encap = yes");
        text.Comment("Retry forever: a region that comes back must find its tunnels again without an operator.");
        text.Line("keyingtries = 0");
        text.Comment("DPD plus charon's retransmits outlast Galera's evs.suspect_timeout (derived from the RTT matrix).");
        text.Line($"dpd_delay = {(int)ike.DpdDelay.TotalSeconds}s");
        text.Comment("A restarted peer replaces its old IKE_SA instead of adding a second one.");
        text.Line("unique = replace");
        text.Line($"proposals = {IkeProposal}");
        text.Open("local");
        text.Line("auth = pubkey");
        text.Line($"certs = {local.IkeId}.crt");
        text.Comment("Must equal the dNSName in the router certificate's subjectAltName.");
        text.Line($"id = {local.IkeId}");
        text.Close();
        text.Open("remote");
        text.Line("auth = pubkey");
        text.Line($"id = {peer.IkeId}");
        text.Comment("Only certificates from this cluster's CA are accepted.");
        text.Line($"cacerts = {HostFilePaths.SwanctlCaFileName}");
        text.Close();
        text.Open("children");
        text.Open(tunnel.Name);
        text.Line($"local_ts = {local.Cidr}");
        text.Line($"remote_ts = {peer.Cidr}");
        text.Line($"esp_proposals = {EspProposal}");
        if (initiator)
        {
            text.Line("start_action = start");
            text.Line("dpd_action = restart");
            text.Line("close_action = start");
        }
        else
        {
            text.Comment("The responder never initiates (none/clear/none: docs/lab-notes.md#strongswan-pitfalls).");
            text.Line("start_action = none");
            text.Line("dpd_action = clear");
            text.Line("close_action = none");
        }

        text.Close();
        text.Close();
        text.Close();
    }
}
