using System.Net;
using System.Xml.Linq;
using Meridian.Ec2Fake.Api;
using Meridian.Ec2Fake.State;
using static Meridian.Ec2Fake.Api.Ec2Xml;

namespace Meridian.Ec2Fake;

/// <summary>Elastic IPs, from the region's <c>--address-pool</c>: the lab routers already have these WAN addresses.</summary>
public sealed partial class Ec2Engine
{
    private const string AllocationNotFound = "InvalidAllocationID.NotFound";

    private IEnumerable<XElement?> AllocateAddress(Ec2Request request, RegionState region)
    {
        if (request.Get("Domain") is { } domain && domain != "vpc")
        {
            throw Ec2Exception.Invalid($"Invalid value '{domain}' for domain.");
        }

        var taken = region.Addresses.Values.Select(a => a.PublicIp).ToHashSet(StringComparer.Ordinal);
        var free = region.AddressPool.Select(a => a.ToString()).FirstOrDefault(a => !taken.Contains(a))
            ?? throw new Ec2Exception("AddressLimitExceeded", $"The maximum number of addresses has been reached (the fake's pool for {region.Name} has {region.AddressPool.Count}).");
        var address = new FakeAddress(Ec2Ids.New("eipalloc"), Now, free);
        ApplyTags(request, "elastic-ip", address);
        region.Addresses[address.Id] = address;
        return [E("publicIp", address.PublicIp), E("domain", "vpc"), E("allocationId", address.Id), E("publicIpv4Pool", "amazon"), E("networkBorderGroup", region.Name)];
    }

    private IEnumerable<XElement?> AssociateAddress(Ec2Request request, RegionState region)
    {
        var address = Find(region.Addresses, request.Required("AllocationId"), AllocationNotFound);
        var instance = Find(region.Instances, request.Required("InstanceId"), InstanceNotFound);
        if (instance.LastState is not (FakeInstanceState.Running or FakeInstanceState.Pending))
        {
            throw new Ec2Exception("IncorrectInstanceState", $"The instance '{instance.Id}' is not in a valid state for this operation.");
        }

        if (!region.InternetGateways.Values.Any(g => g.AttachedVpcId == instance.VpcId))
        {
            throw new Ec2Exception("Gateway.NotAttached", $"Network {instance.VpcId} is not attached to any internet gateway");
        }

        if (address.InstanceId is not null && address.InstanceId != instance.Id && request.Bool("AllowReassociation") != true)
        {
            throw new Ec2Exception("Resource.AlreadyAssociated", $"resource {address.Id} is already associated with associate-id {address.AssociationId}");
        }

        // An instance has one public address: a new association replaces the old one.
        foreach (var other in region.Addresses.Values.Where(a => a.InstanceId == instance.Id && a != address))
        {
            other.Disassociate();
        }

        address.AssociationId ??= Ec2Ids.New("eipassoc");
        address.InstanceId = instance.Id;
        address.NetworkInterfaceId = instance.NetworkInterfaceId;
        address.PrivateIpAddress = instance.PrivateIpAddress;
        return [Return(), E("associationId", address.AssociationId)];
    }

    private static IEnumerable<XElement?> DisassociateAddress(Ec2Request request, RegionState region)
    {
        var id = request.Required("AssociationId");
        var address = region.Addresses.Values.FirstOrDefault(a => a.AssociationId == id) ?? throw Ec2Exception.NotFound("InvalidAssociationID.NotFound", id);
        address.Disassociate();
        return [Return()];
    }

    private IEnumerable<XElement?> ReleaseAddress(Ec2Request request, RegionState region)
    {
        var address = Find(region.Addresses, request.Required("AllocationId"), AllocationNotFound);
        if (address.AssociationId is not null)
        {
            throw new Ec2Exception("InvalidIPAddress.InUse", $"Address {address.PublicIp} is in use.");
        }

        region.Addresses.Remove(address.Id);
        return [Return()];
    }

    private IEnumerable<XElement?> DescribeAddresses(Ec2Request request, RegionState region)
    {
        var ips = request.List("PublicIp");
        var addresses = Describe(request, region.Addresses, "AllocationId", AllocationNotFound).Where(a => ips.IsEmpty || ips.Contains(a.PublicIp));
        return [Set("addressesSet", addresses, a => Item(
            E("publicIp", a.PublicIp),
            E("allocationId", a.Id),
            E("domain", "vpc"),
            Opt("instanceId", a.InstanceId),
            Opt("associationId", a.AssociationId),
            Opt("networkInterfaceId", a.NetworkInterfaceId),
            a.NetworkInterfaceId is null ? null : E("networkInterfaceOwnerId", Ec2Ids.OwnerId),
            Opt("privateIpAddress", a.PrivateIpAddress),
            Tags(a.Tags),
            E("publicIpv4Pool", "amazon"),
            E("networkBorderGroup", region.Name)))];
    }

    /// <summary>The public address of an instance: its associated Elastic IP, if any.</summary>
    private static string? PublicIp(RegionState region, FakeInstance instance) =>
        region.Addresses.Values.FirstOrDefault(a => a.InstanceId == instance.Id)?.PublicIp;

    private static IPAddress Address(uint value) => Ipv4Cidr.ToAddress(value);
}
