using System.Collections.Immutable;
using System.Net;
using System.Text;
using System.Xml.Linq;
using Meridian.Ec2Fake.Api;
using Meridian.Ec2Fake.State;
using static Meridian.Ec2Fake.Api.Ec2Xml;

namespace Meridian.Ec2Fake;

/// <summary>Instances: launched onto the instance host (a lab machine at the private address), terminated off it.</summary>
public sealed partial class Ec2Engine
{
    private const string InstanceNotFound = "InvalidInstanceID.NotFound";

    private IEnumerable<XElement?> RunInstances(Ec2Request request, RegionState region)
    {
        // AWS's idempotency: the same token with the same parameters returns what the first call made, even terminated.
        var token = request.Get("ClientToken");
        var fingerprint = string.Join('&', request.Parameters.Where(p => p.Key != "ClientToken").OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"));
        if (token is not null && region.ClientTokens.TryGetValue(token, out var earlier))
        {
            return earlier.Fingerprint == fingerprint
                ? ReservationXml(region, [.. earlier.InstanceIds.Select(id => region.Instances[id])])
                : throw new Ec2Exception("IdempotentParameterMismatch", $"The client token '{token}' was used with different parameters.");
        }

        var imageId = request.Required("ImageId");
        var image = region.Images.GetValueOrDefault(imageId) ?? throw Ec2Exception.NotFound("InvalidAMIID.NotFound", imageId);
        var instanceType = request.Required("InstanceType");
        var minCount = request.Number("MinCount") ?? throw Ec2Exception.Missing("MinCount");
        var maxCount = request.Number("MaxCount") ?? throw Ec2Exception.Missing("MaxCount");
        if (minCount < 1 || maxCount < minCount)
        {
            throw Ec2Exception.Invalid("MinCount and MaxCount must be at least 1, with MinCount ≤ MaxCount");
        }

        var key = request.Get("KeyName") is { } keyName
            ? region.KeyPairs.Values.FirstOrDefault(k => k.Name == keyName) ?? throw new Ec2Exception("InvalidKeyPair.NotFound", $"The key pair '{keyName}' does not exist")
            : null;
        var nic = request.Indexes("NetworkInterface", ".DeviceIndex").Any() || request.Get("NetworkInterface.1.SubnetId") is not null ? "NetworkInterface.1." : string.Empty;
        var subnet = Find(region.Subnets, request.Get(nic + "SubnetId") ?? throw Ec2Exception.Missing(nic + "SubnetId"), SubnetNotFound);
        var groupIds = request.List(nic + "SecurityGroupId");
        var groups = groupIds.IsEmpty ? [region.SecurityGroups[region.Vpcs[subnet.VpcId].DefaultSecurityGroupId]] : groupIds.Select(id => Find(region.SecurityGroups, id, GroupNotFound)).ToList();
        if (groups.FirstOrDefault(g => g.VpcId != subnet.VpcId) is { } foreign)
        {
            throw Ec2Exception.Invalid($"Security group {foreign.Id} and subnet {subnet.Id} belong to different networks.");
        }

        string? userData = null;
        if (request.Get("UserData") is { } encoded)
        {
            try
            {
                userData = Encoding.UTF8.GetString(Convert.FromBase64String(encoded));
            }
            catch (FormatException)
            {
                throw Ec2Exception.Invalid("Invalid BASE64 encoding of user data.");
            }
        }

        var requested = request.Get(nic + "PrivateIpAddress");
        if (requested is not null && maxCount > 1)
        {
            throw new Ec2Exception("InvalidParameterCombination", "Cannot specify a private IP address when launching more than one instance");
        }

        var inUse = region.Instances.Values.Where(i => i.SubnetId == subnet.Id && i.LastState != FakeInstanceState.Terminated).Select(i => i.PrivateIpAddress).ToHashSet(StringComparer.Ordinal);
        var addresses = new List<string>();
        if (requested is not null)
        {
            if (!IPAddress.TryParse(requested, out var parsed) || !subnet.Cidr.Contains(Ipv4Cidr.ToUInt(parsed))
                || Ipv4Cidr.ToUInt(parsed) < subnet.Cidr.First + 4 || Ipv4Cidr.ToUInt(parsed) == subnet.Cidr.Last)
            {
                throw Ec2Exception.Invalid($"Address {requested} does not fall within the subnet's address range");
            }

            if (inUse.Contains(requested))
            {
                throw new Ec2Exception("InvalidIPAddress.InUse", $"Address {requested} is in use.");
            }

            addresses.Add(requested);
        }
        else
        {
            for (var a = subnet.Cidr.First + 4; a < subnet.Cidr.Last && addresses.Count < maxCount; a++)
            {
                if (!inUse.Contains(Address(a).ToString()))
                {
                    addresses.Add(Address(a).ToString());
                }
            }

            if (addresses.Count < minCount)
            {
                throw new Ec2Exception("InsufficientFreeAddressesInSubnet", $"There are not enough free addresses in subnet '{subnet.Id}' to satisfy the requested number of instances.");
            }
        }

        var reservationId = Ec2Ids.New("r");
        var launched = new List<FakeInstance>();
        foreach (var privateAddress in addresses)
        {
            var publicKey = key?.PublicKey;
            var instance = new FakeInstance(Ec2Ids.New("i"), Now)
            {
                ReservationId = reservationId,
                ImageId = image.Id,
                InstanceType = instanceType,
                KeyName = key?.Name,
                SubnetId = subnet.Id,
                VpcId = subnet.VpcId,
                AvailabilityZone = subnet.AvailabilityZone,
                PrivateIpAddress = privateAddress,
                SecurityGroupIds = [.. groups.Select(g => g.Id)],
                NetworkInterfaceId = Ec2Ids.New("eni"),
                MacAddress = "0e:" + string.Join(':', Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()[..5]).Chunk(2).Select(c => new string(c))),
                Architecture = image.Architecture,
                ClientToken = token,
                UserData = userData,
                PowerOn = Logged($"power on {privateAddress}", () => host.PowerOnAsync(privateAddress, publicKey, CancellationToken.None)),
            };
            ApplyTags(request, "instance", instance);
            foreach (var (tagKey, value) in request.TagsFor("volume"))
            {
                instance.VolumeTags[tagKey] = value;
            }

            instance.LastState = FakeInstanceState.Pending;
            region.Instances[instance.Id] = instance;
            launched.Add(instance);
        }

        if (token is not null)
        {
            region.ClientTokens[token] = (fingerprint, [.. launched.Select(i => i.Id)]);
        }

        return ReservationXml(region, launched);
    }

    private static IEnumerable<XElement?> ReservationXml(RegionState region, List<FakeInstance> instances) =>
    [
        E("reservationId", instances[0].ReservationId),
        E("ownerId", Ec2Ids.OwnerId),
        E("groupSet"),
        Set("instancesSet", instances, i => InstanceXml(region, i)),
    ];

    private static XElement InstanceXml(RegionState region, FakeInstance i)
    {
        var publicIp = PublicIp(region, i);
        var dns = $"ip-{i.PrivateIpAddress.Replace('.', '-')}.{region.Name}.compute.internal";
        var groupSet = Set("groupSet", i.SecurityGroupIds, id => Item(E("groupId", id), E("groupName", region.SecurityGroups.TryGetValue(id, out var g) ? g.Name : id)));
        var terminated = i.LastState == FakeInstanceState.Terminated;
        return Item(
            E("instanceId", i.Id),
            E("imageId", i.ImageId),
            StateXml("instanceState", i.LastState),
            E("privateDnsName", terminated ? string.Empty : dns),
            E("dnsName", string.Empty),
            E("reason", terminated ? "User initiated" : string.Empty),
            i.StateReason is { } reason ? E("stateReason", E("code", "Server.InternalError"), E("message", reason)) : null,
            Opt("keyName", i.KeyName),
            E("amiLaunchIndex", 0),
            E("productCodes"),
            E("instanceType", i.InstanceType),
            E("launchTime", Time(i.CreatedAt)),
            E("placement", E("availabilityZone", i.AvailabilityZone), E("groupName", string.Empty), E("tenancy", "default")),
            E("monitoring", E("state", "disabled")),
            terminated ? null : E("subnetId", i.SubnetId),
            terminated ? null : E("vpcId", i.VpcId),
            terminated ? null : E("privateIpAddress", i.PrivateIpAddress),
            Opt("ipAddress", publicIp),
            E("sourceDestCheck", i.SourceDestCheck),
            groupSet,
            E("architecture", i.Architecture),
            E("rootDeviceType", "ebs"),
            E("rootDeviceName", "/dev/xvda"),
            E("blockDeviceMapping"),
            E("virtualizationType", "hvm"),
            Opt("clientToken", i.ClientToken),
            Tags(i.Tags),
            E("hypervisor", "xen"),
            E("networkInterfaceSet", terminated ? null : Item(
                E("networkInterfaceId", i.NetworkInterfaceId),
                E("subnetId", i.SubnetId),
                E("vpcId", i.VpcId),
                E("description", string.Empty),
                E("ownerId", Ec2Ids.OwnerId),
                E("status", "in-use"),
                E("macAddress", i.MacAddress),
                E("privateIpAddress", i.PrivateIpAddress),
                E("privateDnsName", dns),
                E("sourceDestCheck", i.SourceDestCheck),
                groupSet,
                E("attachment", E("attachmentId", "eni-attach-" + i.NetworkInterfaceId[4..]), E("deviceIndex", 0), E("status", "attached"), E("attachTime", Time(i.CreatedAt)), E("deleteOnTermination", "true")),
                publicIp is null ? null : E("association", E("publicIp", publicIp), E("publicDnsName", string.Empty), E("ipOwnerId", Ec2Ids.OwnerId)),
                E("privateIpAddressesSet", Item(E("privateIpAddress", i.PrivateIpAddress), E("privateDnsName", dns), E("primary", "true"),
                    publicIp is null ? null : E("association", E("publicIp", publicIp), E("ipOwnerId", Ec2Ids.OwnerId)))),
                E("interfaceType", "interface"))),
            E("ebsOptimized", "false"),
            E("enaSupport", "true"));
    }

    private static XElement StateXml(string name, FakeInstanceState state) =>
        E(name, E("code", (int)state), E("name", FakeInstance.StateName(state)));

    private IEnumerable<XElement?> DescribeInstances(Ec2Request request, RegionState region)
    {
        var instances = Describe(request, region.Instances, "InstanceId", InstanceNotFound).Cast<FakeInstance>();
        return [Set("reservationSet", instances.GroupBy(i => i.ReservationId), r => Item(
            E("reservationId", r.Key),
            E("ownerId", Ec2Ids.OwnerId),
            E("groupSet"),
            Set("instancesSet", r, i => InstanceXml(region, i))))];
    }

    private IEnumerable<XElement?> ModifyInstanceAttribute(Ec2Request request, RegionState region)
    {
        var instance = Find(region.Instances, request.Required("InstanceId"), InstanceNotFound);
        var sourceDestCheck = request.Bool("SourceDestCheck.Value")
            ?? (request.Get("Attribute") == "sourceDestCheck" ? request.Bool("Value") : null)
            ?? throw Ec2Exception.Missing("SourceDestCheck.Value (the EC2 fake modifies only sourceDestCheck)");
        instance.SourceDestCheck = sourceDestCheck;
        return [Return()];
    }

    private IEnumerable<XElement?> TerminateInstances(Ec2Request request, RegionState region)
    {
        var ids = request.List("InstanceId");
        if (ids.IsEmpty)
        {
            throw Ec2Exception.Missing("InstanceId");
        }

        var instances = ids.Select(id => Find(region.Instances, id, InstanceNotFound)).ToList();
        var changes = new List<(string Id, FakeInstanceState Previous, FakeInstanceState Current)>();
        foreach (var instance in instances)
        {
            var previous = instance.LastState;
            if (instance.TerminateRequestedAt is null)
            {
                var address = instance.PrivateIpAddress;
                var powerOn = instance.PowerOn;

                // After power-on settles, so a slow boot is not raced by its own power-off.
                instance.Terminate(Now, Logged($"power off {address}", async () =>
                {
                    await powerOn.ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
                    await host.PowerOffAsync(address, CancellationToken.None).ConfigureAwait(false);
                }));
            }

            instance.LastState = instance.StateAt(Now, Options.PendingDelay, Options.TerminateDelay);
            changes.Add((instance.Id, previous, instance.LastState));
        }

        return [Set("instancesSet", changes, c => Item(E("instanceId", c.Id), StateXml("currentState", c.Current), StateXml("previousState", c.Previous)))];
    }

    /// <summary>
    /// The serial console as cloud-init leaves it: its block of host public keys, which Meridian reads to pin known_hosts
    /// without trusting the first connection. No output until the machine is up, as on AWS.
    /// </summary>
    private async Task<IEnumerable<XElement?>> GetConsoleOutputAsync(Ec2Request request, RegionState region)
    {
        var instance = Find(region.Instances, request.Required("InstanceId"), InstanceNotFound);
        if (instance.LastState != FakeInstanceState.Running)
        {
            return [E("instanceId", instance.Id), E("timestamp", Time(Now))];
        }

        var keys = await host.HostKeysAsync(instance.PrivateIpAddress, CancellationToken.None).ConfigureAwait(false);
        var console = new StringBuilder()
            .Append("[    0.000000] Linux version 6.1.0-fake (EC2 fake console)\n")
            .Append($"Cloud-init v. 22.4.2 running 'modules:final' at {Now:R}.\n")
            .Append("ec2: \n")
            .Append("-----BEGIN SSH HOST KEY KEYS-----\n");
        foreach (var line in keys)
        {
            console.Append(line).Append('\n');
        }

        console.Append("-----END SSH HOST KEY KEYS-----\n")
            .Append($"Cloud-init v. 22.4.2 finished at {Now:R}. Datasource DataSourceEc2Local.\n");
        return [E("instanceId", instance.Id), E("timestamp", Time(Now)), E("output", Convert.ToBase64String(Encoding.UTF8.GetBytes(console.ToString())))];
    }

    /// <summary>A host hook call in the background; a failure goes to stderr (the test's log) and into the instance's state.</summary>
    private static Task Logged(string what, Func<Task> call) => Task.Run(async () =>
    {
        try
        {
            await call().ConfigureAwait(false);
        }
        catch (Exception e)
        {
            await Console.Error.WriteLineAsync($"ec2 fake: {what} failed: {e.Message}").ConfigureAwait(false);
            throw;
        }
    });

    /// <summary>The instances whose machines are on, for <c>GET /_fake/state</c>.</summary>
    private static ImmutableArray<FakeInstance> LiveInstances(RegionState region) =>
        [.. region.Instances.Values.Where(i => i.LastState != FakeInstanceState.Terminated)];
}
