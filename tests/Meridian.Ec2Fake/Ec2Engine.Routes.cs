using System.Xml.Linq;
using Meridian.Ec2Fake.Api;
using Meridian.Ec2Fake.State;
using static Meridian.Ec2Fake.Api.Ec2Xml;

namespace Meridian.Ec2Fake;

/// <summary>Route tables, their associations and routes (stored and listed, never enforced).</summary>
public sealed partial class Ec2Engine
{
    private const string RouteTableNotFound = "InvalidRouteTableID.NotFound";

    private IEnumerable<XElement?> CreateRouteTable(Ec2Request request, RegionState region)
    {
        var vpc = Find(region.Vpcs, request.Required("VpcId"), VpcNotFound);
        var table = new FakeRouteTable(Ec2Ids.New("rtb"), Now, vpc.Id);
        table.Routes.Add(new FakeRoute(vpc.Cidr.ToString(), "local", null, null, null));
        ApplyTags(request, "route-table", table);
        region.RouteTables[table.Id] = table;
        return [RouteTableXml("routeTable", table)];
    }

    private static XElement RouteTableXml(string name, FakeRouteTable table) => E(name,
        E("routeTableId", table.Id),
        E("vpcId", table.VpcId),
        E("ownerId", Ec2Ids.OwnerId),
        Set("routeSet", table.Routes, r => Item(
            E("destinationCidrBlock", r.Destination),
            Opt("gatewayId", r.GatewayId),
            Opt("instanceId", r.InstanceId),
            r.InstanceId is null ? null : E("instanceOwnerId", Ec2Ids.OwnerId),
            Opt("networkInterfaceId", r.NetworkInterfaceId),
            Opt("vpcPeeringConnectionId", r.VpcPeeringConnectionId),
            E("state", "active"),
            E("origin", r.IsLocal ? "CreateRouteTable" : "CreateRoute"))),
        Set("associationSet", table.Associations, a => Item(
            E("routeTableAssociationId", a.AssociationId),
            E("routeTableId", table.Id),
            Opt("subnetId", a.SubnetId),
            E("main", a.Main),
            E("associationState", E("state", "associated")))),
        E("propagatingVgwSet"),
        Tags(table.Tags));

    private IEnumerable<XElement?> DescribeRouteTables(Ec2Request request, RegionState region) =>
        [Set("routeTableSet", Describe(request, region.RouteTables, "RouteTableId", RouteTableNotFound), t => RouteTableXml("item", t))];

    private IEnumerable<XElement?> AssociateRouteTable(Ec2Request request, RegionState region)
    {
        var table = Find(region.RouteTables, request.Required("RouteTableId"), RouteTableNotFound);
        var subnet = Find(region.Subnets, request.Required("SubnetId"), SubnetNotFound);
        if (subnet.VpcId != table.VpcId)
        {
            throw Ec2Exception.Invalid($"Route table {table.Id} and subnet {subnet.Id} belong to different networks");
        }

        if (region.RouteTables.Values.SelectMany(t => t.Associations).FirstOrDefault(a => a.SubnetId == subnet.Id) is { } existing)
        {
            throw new Ec2Exception("Resource.AlreadyAssociated", $"the specified association for route table {table.Id} conflicts with an existing association ({existing.AssociationId})");
        }

        var association = new FakeRouteTableAssociation(Ec2Ids.New("rtbassoc"), subnet.Id);
        table.Associations.Add(association);
        return [E("associationId", association.AssociationId), E("associationState", E("state", "associated"))];
    }

    private static IEnumerable<XElement?> DisassociateRouteTable(Ec2Request request, RegionState region)
    {
        var id = request.Required("AssociationId");
        var table = region.RouteTables.Values.FirstOrDefault(t => t.Associations.Any(a => a.AssociationId == id && !a.Main))
            ?? throw Ec2Exception.NotFound("InvalidAssociationID.NotFound", id);
        table.Associations.RemoveAll(a => a.AssociationId == id);
        return [Return()];
    }

    private IEnumerable<XElement?> CreateRoute(Ec2Request request, RegionState region)
    {
        var table = Find(region.RouteTables, request.Required("RouteTableId"), RouteTableNotFound);
        var destination = Ipv4Cidr.Parse(request.Required("DestinationCidrBlock")).ToString();
        if (table.Routes.Any(r => r.Destination == destination))
        {
            throw new Ec2Exception("RouteAlreadyExists", $"The route identified by {destination} already exists.");
        }

        table.Routes.Add(RouteTarget(request, region, table, destination));
        return [Return()];
    }

    /// <summary>The one target of a route, checked as AWS does: it exists, and a gateway is attached to the table's VPC.</summary>
    private FakeRoute RouteTarget(Ec2Request request, RegionState region, FakeRouteTable table, string destination)
    {
        if (request.Get("GatewayId") is { } gatewayId)
        {
            var gateway = Find(region.InternetGateways, gatewayId, GatewayNotFound);
            return gateway.AttachedVpcId == table.VpcId
                ? new FakeRoute(destination, gateway.Id, null, null, null)
                : throw Ec2Exception.Invalid($"route table {table.Id} and network gateway {gateway.Id} belong to different networks");
        }

        if (request.Get("NetworkInterfaceId") is { } eniId)
        {
            var instance = region.Instances.Values.FirstOrDefault(i => i.NetworkInterfaceId == eniId && i.LastState != FakeInstanceState.Terminated)
                ?? throw Ec2Exception.NotFound("InvalidNetworkInterfaceID.NotFound", eniId);
            return new FakeRoute(destination, null, instance.Id, eniId, null);
        }

        if (request.Get("InstanceId") is { } instanceId)
        {
            var instance = Find(region.Instances, instanceId, InstanceNotFound);
            return new FakeRoute(destination, null, instance.Id, instance.NetworkInterfaceId, null);
        }

        if (request.Get("VpcPeeringConnectionId") is { } peeringId)
        {
            var peering = Find(region.Peerings, peeringId, PeeringNotFound);
            return new FakeRoute(destination, null, null, null, peering.Id);
        }

        throw Ec2Exception.Missing("GatewayId, NetworkInterfaceId, InstanceId or VpcPeeringConnectionId");
    }

    private IEnumerable<XElement?> DeleteRoute(Ec2Request request, RegionState region)
    {
        var table = Find(region.RouteTables, request.Required("RouteTableId"), RouteTableNotFound);
        var destination = Ipv4Cidr.Parse(request.Required("DestinationCidrBlock")).ToString();
        var route = table.Routes.FirstOrDefault(r => r.Destination == destination)
            ?? throw new Ec2Exception("InvalidRoute.NotFound", $"no route with destination-cidr-block {destination} in route table {table.Id}");
        if (route.IsLocal)
        {
            throw Ec2Exception.Invalid($"cannot remove local route {destination} in route table {table.Id}");
        }

        table.Routes.Remove(route);
        return [Return()];
    }

    private IEnumerable<XElement?> DeleteRouteTable(Ec2Request request, RegionState region)
    {
        var table = Find(region.RouteTables, request.Required("RouteTableId"), RouteTableNotFound);
        if (table.Associations.Count > 0)
        {
            throw Ec2Exception.Dependency($"The routeTable '{table.Id}' has dependencies and cannot be deleted.");
        }

        region.RouteTables.Remove(table.Id);
        return [Return()];
    }
}
