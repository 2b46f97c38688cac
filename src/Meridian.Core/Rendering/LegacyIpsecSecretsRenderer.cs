using Meridian.Core.Planning;

namespace Meridian.Core.Rendering;

/// <summary>
/// ipsec.secrets for the legacy export: names the router's RSA key file (relative to /etc/ipsec.d/private/), never
/// its content. https://docs.strongswan.org/docs/latest/config/ipsecSecrets.html
/// </summary>
public static class LegacyIpsecSecretsRenderer
{
    public static string Render(RegionPlan region)
    {
        ArgumentNullException.ThrowIfNull(region);
        var text = new ConfigTextBuilder();
        text.Comment("Rendered by Meridian: legacy export. Copy the key from swanctl/private/ to /etc/ipsec.d/private/.");
        text.Line($": RSA {region.IkeId}.key");
        return text.ToString();
    }
}
