using System.Text;
using Amazon.EC2;
using Amazon.EC2.Model;
using Meridian.Core.Cloud;
using Meridian.Providers.Ssh;

namespace Meridian.Providers.Aws;

/// <summary>
/// Brings one region's EC2 resources to its <see cref="CloudRegionPlan"/> (docs/providers.md, "What `up` creates"):
/// every resource is adopted when a resource with its plan-id tag exists, created (tagged in the same call) otherwise.
/// Two phases, because the routers' security groups admit the other regions' Elastic IPs: <see cref="EnsureNetworkAsync"/>
/// (key pair, VPC, subnet, gateway, route table, Elastic IP) runs in every region first, then
/// <see cref="EnsureHostsAsync"/> (security groups, instances, the router's address and routes).
/// </summary>
public sealed class RegionApplier(string cluster, CloudRegionPlan plan, Ec2Region ec2, IDeploymentProgress progress)
{
    /// <summary>Debian's AWS account, which publishes the official images (https://wiki.debian.org/Cloud/AmazonEC2Image).</summary>
    public const string DebianImageOwner = "136693071363";

    private static readonly TimeSpan ResourceTimeout = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan InstanceTimeout = TimeSpan.FromMinutes(10);

    /// <summary>EC2 buffers the console and may show it minutes after boot.</summary>
    private static readonly TimeSpan HostKeyTimeout = TimeSpan.FromMinutes(8);

    /// <summary>The plan ids this run created, in creation order.</summary>
    public List<string> Created { get; } = [];

    public async Task<RegionNetwork> EnsureNetworkAsync(RegionInventory inventory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inventory);
        var keyPair = plan.OfType<KeyPairResource>().Single();
        if (inventory.KeyPair(keyPair.PlanId) is null)
        {
            progress.Host(plan.Region, $"importing key pair {keyPair.KeyName}");
            await ec2.CallAsync("import key pair " + keyPair.KeyName, (c, ct) => c.ImportKeyPairAsync(new ImportKeyPairRequest
            {
                KeyName = keyPair.KeyName,
                // The SDK for .NET sends this string as it is, and EC2 wants the key base64-encoded (as the AWS CLI does for you).
                PublicKeyMaterial = Convert.ToBase64String(Encoding.ASCII.GetBytes(keyPair.PublicKey)),
                TagSpecifications = Tags(ResourceType.KeyPair, keyPair.PlanId),
            }, ct), cancellationToken).ConfigureAwait(false);
            Created.Add(keyPair.PlanId);
        }

        var vpcPlan = plan.OfType<VpcResource>().Single();
        var vpcId = inventory.Vpc(vpcPlan.PlanId)?.VpcId;
        if (vpcId is null)
        {
            progress.Host(plan.Region, $"creating VPC {vpcPlan.Cidr}");
            var created = await ec2.CallAsync("create VPC " + vpcPlan.Cidr, (c, ct) => c.CreateVpcAsync(new CreateVpcRequest
            {
                CidrBlock = vpcPlan.Cidr,
                TagSpecifications = Tags(ResourceType.Vpc, vpcPlan.PlanId),
            }, ct), cancellationToken).ConfigureAwait(false);
            vpcId = created.Vpc.VpcId;
            Created.Add(vpcPlan.PlanId);
            await ec2.WaitAsync($"VPC {vpcId} available", async ct =>
            {
                var vpcs = await ec2.CallAsync("describe VPC " + vpcId, (c, t) => c.DescribeVpcsAsync(new DescribeVpcsRequest { VpcIds = [vpcId] }, t), ct, expectNotFound: true).ConfigureAwait(false);
                return vpcs.Vpcs?.FirstOrDefault()?.State == VpcState.Available;
            }, ResourceTimeout, cancellationToken).ConfigureAwait(false);
        }

        var subnetPlan = plan.OfType<SubnetResource>().Single();
        var subnet = inventory.Subnet(subnetPlan.PlanId);
        var subnetId = subnet?.SubnetId;
        if (subnetId is null)
        {
            progress.Host(plan.Region, $"creating subnet {subnetPlan.Cidr}");
            var created = await ec2.CallAsync("create subnet " + subnetPlan.Cidr, (c, ct) => c.CreateSubnetAsync(new CreateSubnetRequest
            {
                VpcId = vpcId,
                CidrBlock = subnetPlan.Cidr,
                TagSpecifications = Tags(ResourceType.Subnet, subnetPlan.PlanId),
            }, ct), cancellationToken, expectNotFound: true).ConfigureAwait(false);
            subnetId = created.Subnet.SubnetId;
            Created.Add(subnetPlan.PlanId);
        }

        if (subnet?.MapPublicIpOnLaunch != true)
        {
            // Nodes fetch their Debian packages at first boot (cloud-init) and at `up` (apt), and the subnet's only way
            // out is the internet gateway: each instance needs a public address for that egress. No security group
            // admits anything from the internet to a node (docs/providers.md, "What `up` creates").
            await ec2.CallAsync($"public addresses on launch in {subnetId}", (c, ct) => c.ModifySubnetAttributeAsync(new ModifySubnetAttributeRequest
            {
                SubnetId = subnetId,
                MapPublicIpOnLaunch = true,
            }, ct), cancellationToken, expectNotFound: true).ConfigureAwait(false);
        }

        var gatewayPlan = plan.OfType<InternetGatewayResource>().Single();
        var gateway = inventory.Gateway(gatewayPlan.PlanId);
        var gatewayId = gateway?.InternetGatewayId;
        if (gatewayId is null)
        {
            progress.Host(plan.Region, "creating the internet gateway");
            var created = await ec2.CallAsync("create internet gateway", (c, ct) => c.CreateInternetGatewayAsync(new CreateInternetGatewayRequest
            {
                TagSpecifications = Tags(ResourceType.InternetGateway, gatewayPlan.PlanId),
            }, ct), cancellationToken).ConfigureAwait(false);
            gatewayId = created.InternetGateway.InternetGatewayId;
            Created.Add(gatewayPlan.PlanId);
        }

        if (gateway?.Attachments?.Any(a => a.VpcId == vpcId) != true)
        {
            await ec2.CallAsync($"attach internet gateway {gatewayId} to {vpcId}", (c, ct) => c.AttachInternetGatewayAsync(new AttachInternetGatewayRequest
            {
                InternetGatewayId = gatewayId,
                VpcId = vpcId,
            }, ct), cancellationToken, expectNotFound: true).ConfigureAwait(false);
        }

        var tablePlan = plan.OfType<RouteTableResource>().Single();
        var table = inventory.RouteTable(tablePlan.PlanId);
        var tableId = table?.RouteTableId;
        if (tableId is null)
        {
            progress.Host(plan.Region, "creating the route table");
            var created = await ec2.CallAsync("create route table", (c, ct) => c.CreateRouteTableAsync(new CreateRouteTableRequest
            {
                VpcId = vpcId,
                TagSpecifications = Tags(ResourceType.RouteTable, tablePlan.PlanId),
            }, ct), cancellationToken, expectNotFound: true).ConfigureAwait(false);
            tableId = created.RouteTable.RouteTableId;
            Created.Add(tablePlan.PlanId);
        }

        if (table?.Associations?.Any(a => a.SubnetId == subnetId) != true)
        {
            await ec2.CallAsync($"associate route table {tableId} with {subnetId}", (c, ct) => c.AssociateRouteTableAsync(new AssociateRouteTableRequest
            {
                RouteTableId = tableId,
                SubnetId = subnetId,
            }, ct), cancellationToken, expectNotFound: true).ConfigureAwait(false);
        }

        foreach (var route in tablePlan.Routes.Where(r => r.Target == RouteTargetKind.InternetGateway))
        {
            if (table?.Routes?.Any(r => r.DestinationCidrBlock == route.DestinationCidr && r.GatewayId == gatewayId) != true)
            {
                await ec2.CallAsync($"route {route.DestinationCidr} to {gatewayId}", (c, ct) => c.CreateRouteAsync(new CreateRouteRequest
                {
                    RouteTableId = tableId,
                    DestinationCidrBlock = route.DestinationCidr,
                    GatewayId = gatewayId,
                }, ct), cancellationToken, expectNotFound: true).ConfigureAwait(false);
            }
        }

        string? allocationId = null;
        string? publicAddress = null;
        if (plan.OfType<AddressResource>().SingleOrDefault() is { } addressPlan)
        {
            var address = inventory.Address(addressPlan.PlanId);
            if (address is null)
            {
                progress.Host(plan.Region, $"allocating an Elastic IP for {addressPlan.Host}");
                var created = await ec2.CallAsync("allocate Elastic IP", (c, ct) => c.AllocateAddressAsync(new AllocateAddressRequest
                {
                    Domain = DomainType.Vpc,
                    TagSpecifications = Tags(ResourceType.ElasticIp, addressPlan.PlanId),
                }, ct), cancellationToken).ConfigureAwait(false);
                Created.Add(addressPlan.PlanId);
                (allocationId, publicAddress) = (created.AllocationId, created.PublicIp);
            }
            else
            {
                (allocationId, publicAddress) = (address.AllocationId, address.PublicIp);
            }
        }

        return new RegionNetwork(plan.Region, keyPair.KeyName, vpcId, subnetId, tableId, allocationId, publicAddress);
    }

    /// <summary>
    /// Security groups with exactly the planned rules (the operator's address and the peer routers' Elastic IPs filled
    /// in), the instances at their planned private addresses, then the router's Elastic IP, its source/destination
    /// check off and the peer regions' routes to its network interface.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, Instance>> EnsureHostsAsync(
        RegionInventory inventory, RegionNetwork network, string operatorCidr, IReadOnlyList<string> peerRouterAddresses, bool allPeersKnown, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inventory);
        ArgumentNullException.ThrowIfNull(network);
        var groupIds = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var group in plan.OfType<SecurityGroupResource>())
        {
            groupIds[group.PlanId] = await EnsureSecurityGroupAsync(inventory, network, group, operatorCidr, peerRouterAddresses, allPeersKnown, cancellationToken).ConfigureAwait(false);
        }

        var instances = new Dictionary<string, Instance>(StringComparer.Ordinal);
        string? image = plan.Ami;
        foreach (var wanted in plan.OfType<InstanceResource>())
        {
            if (inventory.Instance(wanted.PlanId) is { } existing)
            {
                instances[wanted.Host] = existing;
                continue;
            }

            image ??= await LatestDebianImageAsync(cancellationToken).ConfigureAwait(false);
            progress.Host(plan.Region, $"starting instance {wanted.Host} ({wanted.InstanceType}, {wanted.PrivateAddress})");
            var imageId = image;
            var run = await ec2.CallAsync($"run instance {wanted.Host}", (c, ct) => c.RunInstancesAsync(new RunInstancesRequest
            {
                ImageId = imageId,
                InstanceType = InstanceType.FindValue(wanted.InstanceType),
                KeyName = network.KeyName,
                MinCount = 1,
                MaxCount = 1,
                ClientToken = CloudTokens.ClientToken(cluster, wanted.PlanId, network.SubnetId),
                SubnetId = network.SubnetId,
                PrivateIpAddress = wanted.PrivateAddress,
                SecurityGroupIds = [.. wanted.SecurityGroups.Select(g => groupIds[g])],
                UserData = Convert.ToBase64String(Encoding.UTF8.GetBytes(wanted.UserData)),
                TagSpecifications = [.. Tags(ResourceType.Instance, wanted.PlanId), .. Tags(ResourceType.Volume, wanted.PlanId)],
            }, ct), cancellationToken, expectNotFound: true).ConfigureAwait(false);
            instances[wanted.Host] = run.Reservation.Instances[0];
            Created.Add(wanted.PlanId);
        }

        var ids = instances.Values.Select(i => i.InstanceId).ToList();
        await ec2.WaitAsync($"instances {string.Join(", ", instances.Keys)} running", async ct =>
        {
            var described = await ec2.CallAsync("describe instances", (c, t) => c.DescribeInstancesAsync(new DescribeInstancesRequest { InstanceIds = ids }, t), ct, expectNotFound: true).ConfigureAwait(false);
            var now = (described.Reservations ?? []).SelectMany(r => r.Instances ?? []).ToList();
            foreach (var (host, _) in instances.ToList())
            {
                if (now.FirstOrDefault(i => i.InstanceId == instances[host].InstanceId) is { } fresh)
                {
                    instances[host] = fresh;
                }
            }

            if (now.FirstOrDefault(i => i.State?.Name is { } s && (s == InstanceStateName.Terminated || s == InstanceStateName.ShuttingDown)) is { } dead)
            {
                throw new ClusterOperationException(
                    $"{ec2.AwsRegion}: instance {dead.InstanceId} stopped while starting ({dead.StateReason?.Message ?? dead.State?.Name?.Value})",
                    "see the instance's state reason in the EC2 console; `meridian up` again starts a new one");
            }

            return instances.Values.All(i => i.State?.Name == InstanceStateName.Running);
        }, InstanceTimeout, cancellationToken).ConfigureAwait(false);

        await EnsureRouterAsync(network, instances, cancellationToken).ConfigureAwait(false);
        return instances;
    }

    /// <summary>
    /// Records each instance's SSH host keys from its console (<see cref="ConsoleHostKeys"/>) under the address the
    /// ssh provider dials: the router's Elastic IP, every other host's private address (reached through the router).
    /// A key that contradicts one already recorded stops `up`: that is a reinstalled host or someone in the middle.
    /// </summary>
    public async Task RecordHostKeysAsync(IReadOnlyDictionary<string, Instance> instances, RegionNetwork network, KnownHostsStore knownHosts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instances);
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(knownHosts);
        var router = plan.OfType<AddressResource>().SingleOrDefault()?.Host;
        await Task.WhenAll(instances.Select(async pair =>
        {
            var (host, instance) = pair;
            var address = host == router && network.PublicAddress is { } eip ? eip : instance.PrivateIpAddress;
            var keys = System.Collections.Immutable.ImmutableArray<(string Type, string Key)>.Empty;
            await ec2.WaitAsync($"{host}'s SSH host keys on its console", async ct =>
            {
                var output = await ec2.CallAsync($"console output of {host}", (c, t) => c.GetConsoleOutputAsync(new GetConsoleOutputRequest { InstanceId = instance.InstanceId, Latest = true }, t), ct, expectNotFound: true).ConfigureAwait(false);
                keys = ConsoleHostKeys.Parse(output.Output is { Length: > 0 } encoded ? Encoding.UTF8.GetString(Convert.FromBase64String(encoded)) : null);
                return keys.Length > 0;
            }, HostKeyTimeout, cancellationToken).ConfigureAwait(false);
            foreach (var (type, key) in keys)
            {
                switch (knownHosts.Check(address, 22, type, key))
                {
                    // The host's other key types, recorded from the same console a moment ago, make the rest "other type".
                    case HostKeyVerdict.Unknown or HostKeyVerdict.KnownWithOtherKeyType:
                        knownHosts.Trust(address, 22, type, key);
                        break;
                    case HostKeyVerdict.Changed or HostKeyVerdict.Revoked:
                        throw new ClusterOperationException(
                            $"{ec2.AwsRegion}: {host} ({address}, {instance.InstanceId}) shows a {type} host key on its console that {knownHosts.Path} contradicts",
                            $"if the instance was replaced on purpose, remove the old entry with `ssh-keygen -R {address} -f {knownHosts.Path}` and run `meridian up` again");
                }
            }
        })).ConfigureAwait(false);
    }

    private async Task EnsureRouterAsync(RegionNetwork network, Dictionary<string, Instance> instances, CancellationToken cancellationToken)
    {
        foreach (var wanted in plan.OfType<InstanceResource>().Where(i => !i.SourceDestCheck))
        {
            var instance = instances[wanted.Host];
            if (instance.SourceDestCheck != false)
            {
                await ec2.CallAsync($"source/destination check off on {wanted.Host}", (c, ct) => c.ModifyInstanceAttributeAsync(new ModifyInstanceAttributeRequest
                {
                    InstanceId = instance.InstanceId,
                    SourceDestCheck = false,
                }, ct), cancellationToken, expectNotFound: true).ConfigureAwait(false);
            }
        }

        if (plan.OfType<AddressResource>().SingleOrDefault() is { } address && network.AllocationId is { } allocation)
        {
            var router = instances[address.Host];
            if (router.PublicIpAddress != network.PublicAddress)
            {
                progress.Host(plan.Region, $"associating Elastic IP {network.PublicAddress} with {address.Host}");
                await ec2.CallAsync($"associate Elastic IP {network.PublicAddress} with {address.Host}", (c, ct) => c.AssociateAddressAsync(new AssociateAddressRequest
                {
                    AllocationId = allocation,
                    InstanceId = router.InstanceId,
                }, ct), cancellationToken, expectNotFound: true).ConfigureAwait(false);
            }
        }

        var table = plan.OfType<RouteTableResource>().Single();
        var current = await ec2.CallAsync("describe route table " + network.RouteTableId, (c, ct) => c.DescribeRouteTablesAsync(new DescribeRouteTablesRequest { RouteTableIds = [network.RouteTableId] }, ct), cancellationToken, expectNotFound: true).ConfigureAwait(false);
        var routes = current.RouteTables?.FirstOrDefault()?.Routes ?? [];
        foreach (var route in table.Routes.Where(r => r.Target == RouteTargetKind.RouterInterface))
        {
            var eni = instances[route.RouterHost!].NetworkInterfaces?.FirstOrDefault()?.NetworkInterfaceId
                ?? throw new ClusterOperationException($"{ec2.AwsRegion}: instance {route.RouterHost} reports no network interface", "`meridian up` again once EC2 reports it");
            var existing = routes.FirstOrDefault(r => r.DestinationCidrBlock == route.DestinationCidr);
            if (existing?.NetworkInterfaceId == eni)
            {
                continue;
            }

            var what = $"route {route.DestinationCidr} to {route.RouterHost} ({eni})";
            if (existing is null)
            {
                await ec2.CallAsync(what, (c, ct) => c.CreateRouteAsync(new CreateRouteRequest { RouteTableId = network.RouteTableId, DestinationCidrBlock = route.DestinationCidr, NetworkInterfaceId = eni }, ct), cancellationToken, expectNotFound: true).ConfigureAwait(false);
            }
            else
            {
                // A route left pointing at a router that was replaced.
                await ec2.CallAsync(what, (c, ct) => c.ReplaceRouteAsync(new ReplaceRouteRequest { RouteTableId = network.RouteTableId, DestinationCidrBlock = route.DestinationCidr, NetworkInterfaceId = eni }, ct), cancellationToken, expectNotFound: true).ConfigureAwait(false);
            }
        }
    }

    private async Task<string> EnsureSecurityGroupAsync(
        RegionInventory inventory, RegionNetwork network, SecurityGroupResource group, string operatorCidr, IReadOnlyList<string> peerRouterAddresses, bool allPeersKnown, CancellationToken cancellationToken)
    {
        var existing = inventory.SecurityGroup(group.PlanId);
        var groupId = existing?.GroupId;
        if (groupId is null)
        {
            progress.Host(plan.Region, $"creating security group {group.GroupName}");
            var created = await ec2.CallAsync("create security group " + group.GroupName, (c, ct) => c.CreateSecurityGroupAsync(new CreateSecurityGroupRequest
            {
                GroupName = group.GroupName,
                Description = group.Description,
                VpcId = network.VpcId,
                TagSpecifications = Tags(ResourceType.SecurityGroup, group.PlanId),
            }, ct), cancellationToken, expectNotFound: true).ConfigureAwait(false);
            groupId = created.GroupId;
            Created.Add(group.PlanId);
        }

        var wanted = SecurityGroupRules.Expand(group.Rules, operatorCidr, peerRouterAddresses);
        var have = SecurityGroupRules.Flatten(existing?.IpPermissions ?? []);
        var missing = wanted.Except(have).ToList();
        var extra = have.Except(wanted).ToList();
        if (missing.Count > 0)
        {
            var id = groupId;
            await ec2.CallAsync($"authorize {missing.Count} rule(s) on {group.GroupName}", (c, ct) => c.AuthorizeSecurityGroupIngressAsync(new AuthorizeSecurityGroupIngressRequest
            {
                GroupId = id,
                IpPermissions = SecurityGroupRules.Permissions(missing),
            }, ct), cancellationToken, expectNotFound: true).ConfigureAwait(false);
        }

        // Only when every peer's address is known: a region that failed this run still has its rule, which must stay.
        if (extra.Count > 0 && allPeersKnown)
        {
            // Least privilege holds after every `up`: a rule nobody planned (an old peer address, a hand-made opening) goes.
            progress.Host(plan.Region, $"revoking {extra.Count} rule(s) the plan does not have from {group.GroupName}");
            var id = groupId;
            await ec2.CallAsync($"revoke {extra.Count} rule(s) on {group.GroupName}", (c, ct) => c.RevokeSecurityGroupIngressAsync(new RevokeSecurityGroupIngressRequest
            {
                GroupId = id,
                IpPermissions = SecurityGroupRules.Permissions(extra),
            }, ct), cancellationToken).ConfigureAwait(false);
        }

        return groupId;
    }

    private async Task<string> LatestDebianImageAsync(CancellationToken cancellationToken)
    {
        var images = await ec2.CallAsync("find the latest Debian 12 image", (c, ct) => c.DescribeImagesAsync(new DescribeImagesRequest
        {
            Owners = [DebianImageOwner],
            Filters =
            [
                new Filter { Name = "name", Values = ["debian-12-amd64-*"] },
                new Filter { Name = "architecture", Values = ["x86_64"] },
                new Filter { Name = "state", Values = ["available"] },
            ],
        }, ct), cancellationToken).ConfigureAwait(false);
        return (images.Images ?? []).OrderByDescending(i => i.CreationDate, StringComparer.Ordinal).FirstOrDefault()?.ImageId
            ?? throw new ClusterOperationException(
                $"{ec2.AwsRegion}: no official Debian 12 image (owner {DebianImageOwner}, name debian-12-amd64-*) found",
                $"name an image for this region in the spec: regions[…].aws.ami: ami-…");
    }

    private List<TagSpecification> Tags(ResourceType type, string planId) =>
    [
        new TagSpecification
        {
            ResourceType = type,
            Tags =
            [
                new Tag { Key = CloudTags.Cluster, Value = cluster },
                new Tag { Key = CloudTags.PlanId, Value = planId },
                new Tag { Key = CloudTags.Name, Value = $"{cluster}/{planId}" },
            ],
        },
    ];
}
