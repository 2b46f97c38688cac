using Amazon.EC2.Model;
using Meridian.Core.Cloud;

namespace Meridian.Providers.Aws;

/// <summary>One ingress permission as EC2 stores it: protocol, ports and one source CIDR.</summary>
public sealed record FlatRule(string Protocol, int FromPort, int ToPort, string Cidr, string Description)
{
    /// <summary>EC2 compares rules without their descriptions.</summary>
    public bool Equals(FlatRule? other) => other is not null && (Protocol, FromPort, ToPort, Cidr) == (other.Protocol, other.FromPort, other.ToPort, other.Cidr);

    public override int GetHashCode() => HashCode.Combine(Protocol, FromPort, ToPort, Cidr);
}

/// <summary>The planned rules with their sources filled in, and EC2's permissions flattened, so the two compare rule by rule.</summary>
public static class SecurityGroupRules
{
    public static HashSet<FlatRule> Expand(IEnumerable<IngressRule> rules, string operatorCidr, IReadOnlyList<string> peerRouterAddresses)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(peerRouterAddresses);
        var flat = new HashSet<FlatRule>();
        foreach (var rule in rules)
        {
            foreach (var cidr in CloudRuleSources.Resolve(rule.Source, operatorCidr, peerRouterAddresses))
            {
                flat.Add(new FlatRule(rule.Protocol, rule.FromPort, rule.ToPort, cidr, rule.Description));
            }
        }

        return flat;
    }

    public static HashSet<FlatRule> Flatten(IEnumerable<IpPermission> permissions) =>
        [.. permissions.SelectMany(p => (p.Ipv4Ranges ?? []).Select(r => new FlatRule(p.IpProtocol, p.FromPort ?? -1, p.ToPort ?? -1, r.CidrIp, r.Description ?? string.Empty)))];

    public static List<IpPermission> Permissions(IEnumerable<FlatRule> rules) =>
        [.. rules.Select(r => new IpPermission
        {
            IpProtocol = r.Protocol,
            FromPort = r.FromPort,
            ToPort = r.ToPort,
            Ipv4Ranges = [new IpRange { CidrIp = r.Cidr, Description = r.Description }],
        })];
}
