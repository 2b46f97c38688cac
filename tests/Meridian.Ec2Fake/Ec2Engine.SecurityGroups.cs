using System.Xml.Linq;
using Meridian.Ec2Fake.Api;
using Meridian.Ec2Fake.State;
using static Meridian.Ec2Fake.Api.Ec2Xml;

namespace Meridian.Ec2Fake;

/// <summary>Security groups and their ingress rules (stored and listed, never enforced).</summary>
public sealed partial class Ec2Engine
{
    private const string GroupNotFound = "InvalidGroup.NotFound";

    private IEnumerable<XElement?> CreateSecurityGroup(Ec2Request request, RegionState region)
    {
        var name = request.Required("GroupName");
        var description = request.Required("GroupDescription");
        var vpc = Find(region.Vpcs, request.Required("VpcId"), VpcNotFound);
        if (region.SecurityGroups.Values.Any(g => g.VpcId == vpc.Id && g.Name == name))
        {
            throw new Ec2Exception("InvalidGroup.Duplicate", $"The security group '{name}' already exists for VPC '{vpc.Id}'");
        }

        if (name.StartsWith("sg-", StringComparison.Ordinal))
        {
            throw Ec2Exception.Invalid("Group names may not be in the format sg-*.");
        }

        var group = new FakeSecurityGroup(Ec2Ids.New("sg"), Now, name, description, vpc.Id);
        ApplyTags(request, "security-group", group);
        region.SecurityGroups[group.Id] = group;
        return [Return(), E("groupId", group.Id), E("securityGroupArn", $"arn:aws:ec2:{region.Name}:{Ec2Ids.OwnerId}:security-group/{group.Id}"), Tags(group.Tags)];
    }

    private FakeSecurityGroup NamedGroup(Ec2Request request, RegionState region) =>
        request.Get("GroupId") is { } id ? Find(region.SecurityGroups, id, GroupNotFound)
        : request.Get("GroupName") is { } name ? region.SecurityGroups.Values.FirstOrDefault(g => g.Name == name) ?? throw Ec2Exception.NotFound(GroupNotFound, name)
        : throw Ec2Exception.Missing("GroupId");

    /// <summary>The rules of IpPermissions.N (one per IpRanges.M / Groups.M), or of the old flat CidrIp form.</summary>
    private List<FakeIngressRule> Rules(Ec2Request request, RegionState region)
    {
        var rules = new List<FakeIngressRule>();
        foreach (var n in request.Indexes("IpPermissions", ".IpProtocol"))
        {
            var p = $"IpPermissions.{n}";
            var protocol = Protocol(request.Required($"{p}.IpProtocol"));
            var (from, to) = protocol is "tcp" or "udp" or "icmp"
                ? (request.Number($"{p}.FromPort") ?? throw Ec2Exception.Missing($"{p}.FromPort"), request.Number($"{p}.ToPort") ?? throw Ec2Exception.Missing($"{p}.ToPort"))
                : ((int?)null, (int?)null);
            foreach (var m in request.Indexes($"{p}.IpRanges", ".CidrIp"))
            {
                var cidr = Ipv4Cidr.Parse(request.Parameters[$"{p}.IpRanges.{m}.CidrIp"]).ToString();
                rules.Add(new FakeIngressRule(protocol, from, to, cidr, null, request.Get($"{p}.IpRanges.{m}.Description")));
            }

            foreach (var m in request.Indexes($"{p}.Groups", ".GroupId"))
            {
                var source = Find(region.SecurityGroups, request.Parameters[$"{p}.Groups.{m}.GroupId"], GroupNotFound);
                rules.Add(new FakeIngressRule(protocol, from, to, null, source.Id, request.Get($"{p}.Groups.{m}.Description")));
            }
        }

        if (request.Get("CidrIp") is { } flat)
        {
            var protocol = Protocol(request.Required("IpProtocol"));
            rules.Add(new FakeIngressRule(protocol, request.Number("FromPort"), request.Number("ToPort"), Ipv4Cidr.Parse(flat).ToString(), null, null));
        }

        return rules.Count > 0 ? rules : throw Ec2Exception.Missing("IpPermissions");
    }

    /// <summary>AWS lists tcp, udp and icmp by name whichever way they were sent, and "all" as -1.</summary>
    private static string Protocol(string protocol) => protocol.ToLowerInvariant() switch
    {
        "6" or "tcp" => "tcp",
        "17" or "udp" => "udp",
        "1" or "icmp" => "icmp",
        "all" or "-1" => "-1",
        var other => int.TryParse(other, System.Globalization.CultureInfo.InvariantCulture, out _) ? other
            : throw Ec2Exception.Invalid($"Invalid value '{protocol}' for IP protocol. Unknown protocol."),
    };

    private IEnumerable<XElement?> AuthorizeSecurityGroupIngress(Ec2Request request, RegionState region)
    {
        var group = NamedGroup(request, region);
        var rules = Rules(request, region);
        foreach (var rule in rules)
        {
            if (group.Ingress.Any(r => r.SameRule(rule)) || rules.Count(r => r.SameRule(rule)) > 1)
            {
                var source = rule.CidrIp ?? rule.SourceGroupId;
                throw new Ec2Exception("InvalidPermission.Duplicate", $"the specified rule \"peer: {source}, {rule.Protocol.ToUpperInvariant()}, from port: {rule.FromPort}, to port: {rule.ToPort}, ALLOW\" already exists");
            }
        }

        group.Ingress.AddRange(rules);
        return [Return(), Set("securityGroupRuleSet", rules, r => Item(
            E("securityGroupRuleId", Ec2Ids.New("sgr")),
            E("groupId", group.Id),
            E("groupOwnerId", Ec2Ids.OwnerId),
            E("isEgress", "false"),
            E("ipProtocol", r.Protocol),
            E("fromPort", r.FromPort ?? -1),
            E("toPort", r.ToPort ?? -1),
            Opt("cidrIpv4", r.CidrIp),
            r.SourceGroupId is null ? null : E("referencedGroupInfo", E("groupId", r.SourceGroupId), E("userId", Ec2Ids.OwnerId)),
            Opt("description", r.Description)))];
    }

    private IEnumerable<XElement?> RevokeSecurityGroupIngress(Ec2Request request, RegionState region)
    {
        var group = NamedGroup(request, region);
        var rules = Rules(request, region);
        if (rules.FirstOrDefault(rule => !group.Ingress.Any(r => r.SameRule(rule))) is { } missing)
        {
            throw new Ec2Exception("InvalidPermission.NotFound", $"The specified rule does not exist in this security group. ({missing.Protocol} {missing.FromPort}-{missing.ToPort} {missing.CidrIp ?? missing.SourceGroupId})");
        }

        group.Ingress.RemoveAll(r => rules.Any(r.SameRule));
        return [Return()];
    }

    private IEnumerable<XElement?> DescribeSecurityGroups(Ec2Request request, RegionState region)
    {
        var names = request.List("GroupName");
        var groups = Describe(request, region.SecurityGroups, "GroupId", GroupNotFound).Where(g => names.IsEmpty || names.Contains(g.Name));
        return [Set("securityGroupInfo", groups, g => Item(
            E("ownerId", Ec2Ids.OwnerId),
            E("groupId", g.Id),
            E("groupName", g.Name),
            E("groupDescription", g.Description),
            E("vpcId", g.VpcId),
            E("securityGroupArn", $"arn:aws:ec2:{region.Name}:{Ec2Ids.OwnerId}:security-group/{g.Id}"),
            Set("ipPermissions", g.Ingress.GroupBy(r => (r.Protocol, r.FromPort, r.ToPort)), p => Item(
                E("ipProtocol", p.Key.Protocol),
                Opt("fromPort", p.Key.FromPort),
                Opt("toPort", p.Key.ToPort),
                Set("groups", p.Where(r => r.SourceGroupId is not null), r => Item(E("groupId", r.SourceGroupId), E("userId", Ec2Ids.OwnerId), Opt("description", r.Description))),
                Set("ipRanges", p.Where(r => r.CidrIp is not null), r => Item(E("cidrIp", r.CidrIp), Opt("description", r.Description))),
                E("ipv6Ranges"),
                E("prefixListIds"))),
            E("ipPermissionsEgress", Item(E("ipProtocol", "-1"), E("groups"), E("ipRanges", Item(E("cidrIp", "0.0.0.0/0"))), E("ipv6Ranges"), E("prefixListIds"))),
            Tags(g.Tags)))];
    }

    private IEnumerable<XElement?> DeleteSecurityGroup(Ec2Request request, RegionState region)
    {
        var group = NamedGroup(request, region);
        if (group.IsDefault)
        {
            throw new Ec2Exception("CannotDelete", $"the specified group: \"{group.Id}\" name: \"default\" cannot be deleted by a user");
        }

        var users = region.Instances.Values.Where(i => i.LastState != FakeInstanceState.Terminated && i.SecurityGroupIds.Contains(group.Id)).Select(i => i.Id)
            .Concat(region.SecurityGroups.Values.Where(g => g.Id != group.Id && g.Ingress.Any(r => r.SourceGroupId == group.Id)).Select(g => g.Id))
            .ToList();
        if (users.Count > 0)
        {
            throw Ec2Exception.Dependency($"resource {group.Id} has a dependent object ({string.Join(", ", users)})");
        }

        region.SecurityGroups.Remove(group.Id);
        return [Return()];
    }
}
