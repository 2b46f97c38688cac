namespace Meridian.Core.Cloud;

/// <summary>Where an ingress rule admits traffic from.</summary>
public enum RuleSourceKind
{
    /// <summary>A fixed CIDR (<see cref="RuleSource.Cidr"/>): the regions' private networks.</summary>
    Cidr,

    /// <summary>The operator's address (the spec's <c>aws.operatorCidr</c> or the address the CLI sees).</summary>
    Operator,

    /// <summary>Each other region's router Elastic IP as a /32, known once the addresses are allocated.</summary>
    PeerRouters,
}

/// <summary>Where an ingress rule admits traffic from; <see cref="Cidr"/> is set only for <see cref="RuleSourceKind.Cidr"/>.</summary>
public sealed record RuleSource(RuleSourceKind Kind, string? Cidr = null);

/// <summary>
/// One ingress rule of a security group. <see cref="Protocol"/> is EC2's IpProtocol: "tcp", "udp" or "50" (ESP, which
/// has no ports: <see cref="FromPort"/> and <see cref="ToPort"/> are then -1).
/// </summary>
public sealed record IngressRule(string Protocol, int FromPort, int ToPort, RuleSource Source, string Description);
