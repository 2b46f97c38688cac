using System.Xml.Linq;
using Meridian.Ec2Fake.Api;
using Meridian.Ec2Fake.State;
using static Meridian.Ec2Fake.Api.Ec2Xml;

namespace Meridian.Ec2Fake;

/// <summary>VPC peering (for <c>wan: vpc-peering</c>): requested in one region, accepted in the peer's.</summary>
public sealed partial class Ec2Engine
{
    private const string PeeringNotFound = "InvalidVpcPeeringConnectionID.NotFound";

    private IEnumerable<XElement?> CreateVpcPeeringConnection(Ec2Request request, RegionState region)
    {
        var vpc = Find(region.Vpcs, request.Required("VpcId"), VpcNotFound);
        var peerRegion = Region(request.Get("PeerRegion") ?? region.Name);
        var peerVpc = Find(peerRegion.Vpcs, request.Required("PeerVpcId"), VpcNotFound);
        if (peerVpc.Cidr.Overlaps(vpc.Cidr))
        {
            throw Ec2Exception.Invalid($"The CIDR blocks of {vpc.Id} and {peerVpc.Id} overlap");
        }

        var peering = new FakePeering(Ec2Ids.New("pcx"), Now)
        {
            RequesterRegion = region.Name,
            RequesterVpcId = vpc.Id,
            RequesterCidr = vpc.Cidr.ToString(),
            AccepterRegion = peerRegion.Name,
            AccepterVpcId = peerVpc.Id,
            AccepterCidr = peerVpc.Cidr.ToString(),
        };
        ApplyTags(request, "vpc-peering-connection", peering);
        region.Peerings[peering.Id] = peering;
        peerRegion.Peerings[peering.Id] = peering;
        return [PeeringXml("vpcPeeringConnection", peering)];
    }

    private static XElement PeeringXml(string name, FakePeering p) => E(name,
        E("vpcPeeringConnectionId", p.Id),
        E("requesterVpcInfo", E("ownerId", Ec2Ids.OwnerId), E("vpcId", p.RequesterVpcId), E("cidrBlock", p.RequesterCidr), E("region", p.RequesterRegion)),
        E("accepterVpcInfo", E("ownerId", Ec2Ids.OwnerId), E("vpcId", p.AccepterVpcId), E("cidrBlock", p.AccepterCidr), E("region", p.AccepterRegion)),
        E("status", E("code", p.Status), E("message", p.Status == "active" ? "Active" : "Pending Acceptance by " + Ec2Ids.OwnerId)),
        Tags(p.Tags));

    private IEnumerable<XElement?> AcceptVpcPeeringConnection(Ec2Request request, RegionState region)
    {
        var peering = Find(region.Peerings, request.Required("VpcPeeringConnectionId"), PeeringNotFound);
        if (peering.AccepterRegion != region.Name)
        {
            throw new Ec2Exception("OperationNotPermitted", $"The request to accept {peering.Id} must be made in the accepter's region {peering.AccepterRegion}");
        }

        if (peering.Status is not ("pending-acceptance" or "active"))
        {
            throw new Ec2Exception("InvalidStateTransition", $"Invalid state transition for {peering.Id}, attempted to transition from {peering.Status} to active");
        }

        peering.Status = "active";
        return [PeeringXml("vpcPeeringConnection", peering)];
    }

    private IEnumerable<XElement?> DescribeVpcPeeringConnections(Ec2Request request, RegionState region) =>
        [Set("vpcPeeringConnectionSet", Describe(request, region.Peerings, "VpcPeeringConnectionId", PeeringNotFound), p => PeeringXml("item", p))];

    /// <summary>Either side may delete; the fake forgets it at once (AWS lists it as deleted for a while).</summary>
    private IEnumerable<XElement?> DeleteVpcPeeringConnection(Ec2Request request, RegionState region)
    {
        var peering = Find(region.Peerings, request.Required("VpcPeeringConnectionId"), PeeringNotFound);
        peering.Status = "deleted";
        Region(peering.RequesterRegion).Peerings.Remove(peering.Id);
        Region(peering.AccepterRegion).Peerings.Remove(peering.Id);
        return [Return()];
    }
}
