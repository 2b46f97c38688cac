using System.Xml.Linq;
using Meridian.Ec2Fake.Api;
using Meridian.Ec2Fake.State;
using static Meridian.Ec2Fake.Api.Ec2Xml;

namespace Meridian.Ec2Fake;

/// <summary>VPCs, subnets and internet gateways.</summary>
public sealed partial class Ec2Engine
{
    private const string VpcNotFound = "InvalidVpcID.NotFound";
    private const string SubnetNotFound = "InvalidSubnetID.NotFound";
    private const string GatewayNotFound = "InvalidInternetGatewayID.NotFound";

    /// <summary>Like AWS, a new VPC comes with its main route table (the local route) and its default security group, untagged.</summary>
    private IEnumerable<XElement?> CreateVpc(Ec2Request request, RegionState region)
    {
        var cidr = Ipv4Cidr.Parse(request.Required("CidrBlock"));
        if (cidr.PrefixLength is < 16 or > 28)
        {
            throw new Ec2Exception("InvalidVpc.Range", $"The CIDR '{cidr}' is invalid.");
        }

        var vpc = new FakeVpc(Ec2Ids.New("vpc"), Now, cidr);
        ApplyTags(request, "vpc", vpc);
        region.Vpcs[vpc.Id] = vpc;

        var main = new FakeRouteTable(Ec2Ids.New("rtb"), Now, vpc.Id);
        main.Routes.Add(new FakeRoute(cidr.ToString(), "local", null, null, null));
        main.Associations.Add(new FakeRouteTableAssociation(Ec2Ids.New("rtbassoc"), null));
        region.RouteTables[main.Id] = main;
        vpc.MainRouteTableId = main.Id;

        var group = new FakeSecurityGroup(Ec2Ids.New("sg"), Now, "default", "default VPC security group", vpc.Id);
        region.SecurityGroups[group.Id] = group;
        vpc.DefaultSecurityGroupId = group.Id;

        return [VpcXml("vpc", vpc, "pending")];
    }

    private static XElement VpcXml(string name, FakeVpc vpc, string state = "available") => E(name,
        E("vpcId", vpc.Id),
        E("ownerId", Ec2Ids.OwnerId),
        E("state", state),
        E("cidrBlock", vpc.Cidr.ToString()),
        E("cidrBlockAssociationSet", Item(E("cidrBlock", vpc.Cidr.ToString()), E("associationId", vpc.CidrAssociationId), E("cidrBlockState", E("state", "associated")))),
        E("ipv6CidrBlockAssociationSet"),
        E("dhcpOptionsId", "dopt-00000000000000000"),
        Tags(vpc.Tags),
        E("instanceTenancy", "default"),
        E("isDefault", "false"));

    private IEnumerable<XElement?> DescribeVpcs(Ec2Request request, RegionState region) =>
        [Set("vpcSet", Describe(request, region.Vpcs, "VpcId", VpcNotFound), v => VpcXml("item", v))];

    private IEnumerable<XElement?> DeleteVpc(Ec2Request request, RegionState region)
    {
        var vpc = Find(region.Vpcs, request.Required("VpcId"), VpcNotFound);
        var dependents = region.Subnets.Values.Where(s => s.VpcId == vpc.Id).Select(s => s.Id)
            .Concat(region.InternetGateways.Values.Where(g => g.AttachedVpcId == vpc.Id).Select(g => g.Id))
            .Concat(region.SecurityGroups.Values.Where(g => g.VpcId == vpc.Id && !g.IsDefault).Select(g => g.Id))
            .Concat(region.RouteTables.Values.Where(t => t.VpcId == vpc.Id && !t.IsMain).Select(t => t.Id))
            .Concat(region.Peerings.Values.Where(p => p.Status != "deleted" && (p.RequesterVpcId == vpc.Id || p.AccepterVpcId == vpc.Id)).Select(p => p.Id))
            .ToList();
        if (dependents.Count > 0)
        {
            throw Ec2Exception.Dependency($"The vpc '{vpc.Id}' has dependencies and cannot be deleted. ({string.Join(", ", dependents)})");
        }

        region.Vpcs.Remove(vpc.Id);
        region.RouteTables.Remove(vpc.MainRouteTableId);
        region.SecurityGroups.Remove(vpc.DefaultSecurityGroupId);
        return [Return()];
    }

    private IEnumerable<XElement?> CreateSubnet(Ec2Request request, RegionState region)
    {
        var vpc = Find(region.Vpcs, request.Required("VpcId"), VpcNotFound);
        var cidr = Ipv4Cidr.Parse(request.Required("CidrBlock"));
        if (!vpc.Cidr.Contains(cidr) || cidr.PrefixLength > 28)
        {
            throw new Ec2Exception("InvalidSubnet.Range", $"The CIDR '{cidr}' is invalid.");
        }

        if (region.Subnets.Values.FirstOrDefault(s => s.VpcId == vpc.Id && s.Cidr.Overlaps(cidr)) is { } other)
        {
            throw new Ec2Exception("InvalidSubnet.Conflict", $"The CIDR '{cidr}' conflicts with another subnet ({other.Id})");
        }

        var subnet = new FakeSubnet(Ec2Ids.New("subnet"), Now, vpc.Id, cidr, request.Get("AvailabilityZone") ?? region.Name + "a");
        ApplyTags(request, "subnet", subnet);
        region.Subnets[subnet.Id] = subnet;
        return [SubnetXml("subnet", subnet, region, "pending")];
    }

    private static XElement SubnetXml(string name, FakeSubnet subnet, RegionState region, string state = "available")
    {
        // AWS keeps the first four and the last address of every subnet.
        var used = region.Instances.Values.Count(i => i.SubnetId == subnet.Id && i.LastState != FakeInstanceState.Terminated);
        var available = (int)(subnet.Cidr.Last - subnet.Cidr.First + 1) - 5 - used;
        return E(name,
            E("subnetId", subnet.Id),
            E("subnetArn", $"arn:aws:ec2:{region.Name}:{Ec2Ids.OwnerId}:subnet/{subnet.Id}"),
            E("state", state),
            E("ownerId", Ec2Ids.OwnerId),
            E("vpcId", subnet.VpcId),
            E("cidrBlock", subnet.Cidr.ToString()),
            E("ipv6CidrBlockAssociationSet"),
            E("availableIpAddressCount", available),
            E("availabilityZone", subnet.AvailabilityZone),
            E("availabilityZoneId", region.Name + "-az1"),
            E("defaultForAz", "false"),
            E("mapPublicIpOnLaunch", subnet.MapPublicIpOnLaunch ? "true" : "false"),
            E("assignIpv6AddressOnCreation", "false"),
            Tags(subnet.Tags));
    }

    private IEnumerable<XElement?> ModifySubnetAttribute(Ec2Request request, RegionState region)
    {
        var subnet = Find(region.Subnets, request.Required("SubnetId"), SubnetNotFound);
        subnet.MapPublicIpOnLaunch = request.Bool("MapPublicIpOnLaunch.Value")
            ?? throw Ec2Exception.Missing("MapPublicIpOnLaunch.Value (the EC2 fake modifies only mapPublicIpOnLaunch)");
        return [Return()];
    }

    private IEnumerable<XElement?> DescribeSubnets(Ec2Request request, RegionState region) =>
        [Set("subnetSet", Describe(request, region.Subnets, "SubnetId", SubnetNotFound), s => SubnetXml("item", s, region))];

    private IEnumerable<XElement?> DeleteSubnet(Ec2Request request, RegionState region)
    {
        var subnet = Find(region.Subnets, request.Required("SubnetId"), SubnetNotFound);
        var instances = region.Instances.Values.Where(i => i.SubnetId == subnet.Id && i.LastState != FakeInstanceState.Terminated).Select(i => i.Id).ToList();
        if (instances.Count > 0)
        {
            throw Ec2Exception.Dependency($"The subnet '{subnet.Id}' has dependencies and cannot be deleted. ({string.Join(", ", instances)})");
        }

        // Like AWS, the subnet's route table association goes with it.
        foreach (var table in region.RouteTables.Values)
        {
            table.Associations.RemoveAll(a => a.SubnetId == subnet.Id);
        }

        region.Subnets.Remove(subnet.Id);
        return [Return()];
    }

    private IEnumerable<XElement?> CreateInternetGateway(Ec2Request request, RegionState region)
    {
        var gateway = new FakeInternetGateway(Ec2Ids.New("igw"), Now);
        ApplyTags(request, "internet-gateway", gateway);
        region.InternetGateways[gateway.Id] = gateway;
        return [GatewayXml("internetGateway", gateway)];
    }

    private static XElement GatewayXml(string name, FakeInternetGateway gateway) => E(name,
        E("internetGatewayId", gateway.Id),
        E("ownerId", Ec2Ids.OwnerId),
        E("attachmentSet", gateway.AttachedVpcId is null ? null : Item(E("vpcId", gateway.AttachedVpcId), E("state", "available"))),
        Tags(gateway.Tags));

    private IEnumerable<XElement?> AttachInternetGateway(Ec2Request request, RegionState region)
    {
        var gateway = Find(region.InternetGateways, request.Required("InternetGatewayId"), GatewayNotFound);
        var vpc = Find(region.Vpcs, request.Required("VpcId"), VpcNotFound);
        if (gateway.AttachedVpcId is not null)
        {
            throw new Ec2Exception("Resource.AlreadyAssociated", $"resource {gateway.Id} is already attached to network {gateway.AttachedVpcId}");
        }

        if (region.InternetGateways.Values.FirstOrDefault(g => g.AttachedVpcId == vpc.Id) is { } other)
        {
            throw new Ec2Exception("Resource.AlreadyAssociated", $"network {vpc.Id} already has an internet gateway attached ({other.Id})");
        }

        gateway.AttachedVpcId = vpc.Id;
        return [Return()];
    }

    /// <summary>Like AWS, a gateway cannot leave a VPC while Elastic IPs are mapped in it.</summary>
    private IEnumerable<XElement?> DetachInternetGateway(Ec2Request request, RegionState region)
    {
        var gateway = Find(region.InternetGateways, request.Required("InternetGatewayId"), GatewayNotFound);
        var vpcId = request.Required("VpcId");
        if (gateway.AttachedVpcId != vpcId)
        {
            throw new Ec2Exception("Gateway.NotAttached", $"resource {gateway.Id} is not attached to network {vpcId}");
        }

        var mapped = region.Addresses.Values.Where(a => a.InstanceId is { } id && region.Instances.TryGetValue(id, out var i) && i.VpcId == vpcId).Select(a => a.PublicIp).ToList();
        if (mapped.Count > 0)
        {
            throw Ec2Exception.Dependency($"Network {vpcId} has some mapped public address(es). Please unmap those public address(es) before detaching the gateway. ({string.Join(", ", mapped)})");
        }

        gateway.AttachedVpcId = null;
        return [Return()];
    }

    private IEnumerable<XElement?> DescribeInternetGateways(Ec2Request request, RegionState region) =>
        [Set("internetGatewaySet", Describe(request, region.InternetGateways, "InternetGatewayId", GatewayNotFound), g => GatewayXml("item", g))];

    private IEnumerable<XElement?> DeleteInternetGateway(Ec2Request request, RegionState region)
    {
        var gateway = Find(region.InternetGateways, request.Required("InternetGatewayId"), GatewayNotFound);
        if (gateway.AttachedVpcId is not null)
        {
            throw Ec2Exception.Dependency($"The internetGateway '{gateway.Id}' has dependencies and cannot be deleted.");
        }

        region.InternetGateways.Remove(gateway.Id);
        return [Return()];
    }
}
