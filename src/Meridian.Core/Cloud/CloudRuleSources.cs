using Meridian.Core.Spec;

namespace Meridian.Core.Cloud;

/// <summary>
/// What an <see cref="IngressRule"/>'s symbolic source stands for once `up` knows the addresses: the operator's CIDR
/// (<see cref="CloudPlan.OperatorCidr"/>) and the peer routers' Elastic IPs, each as a /32.
/// </summary>
public static class CloudRuleSources
{
    public static IReadOnlyList<string> Resolve(RuleSource source, string operatorCidr, IEnumerable<string> peerRouterAddresses)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(peerRouterAddresses);
        return source.Kind switch
        {
            RuleSourceKind.Cidr => [source.Cidr ?? throw new ArgumentException("a Cidr rule source has no CIDR", nameof(source))],
            RuleSourceKind.Operator => [operatorCidr],
            RuleSourceKind.PeerRouters => [.. peerRouterAddresses.Select(a => Ipv4Cidr.TryParseAddress(a, out var value)
                ? $"{Ipv4Cidr.FormatAddress(value)}/32"
                : throw new ArgumentException($"'{a}' is not an IPv4 address", nameof(peerRouterAddresses)))],
            _ => throw new ArgumentOutOfRangeException(nameof(source), source.Kind, null),
        };
    }
}
