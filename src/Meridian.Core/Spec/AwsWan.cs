namespace Meridian.Core.Spec;

/// <summary>How <c>provider: aws</c> joins the regions' VPCs (docs/providers.md, "VPN routers or VPC peering").</summary>
public enum AwsWan
{
    /// <summary>The tutorial's shape: a strongSwan router with an Elastic IP per region, a full mesh of IPsec tunnels.</summary>
    Vpn,

    /// <summary>Inter-region VPC peering and routes; Galera's TLS is then the only encryption.</summary>
    VpcPeering,
}
