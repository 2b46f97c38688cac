using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Amazon.EC2;
using Amazon.EC2.Model;
using Meridian.Ec2Fake;

namespace Meridian.Core.Tests.Providers.Ec2Fake;

/// <summary>
/// The EC2 fake driven by the real AWSSDK.EC2 client: if the SDK's marshallers and unmarshallers agree with the fake,
/// what Meridian's aws provider sends and reads works the same against it (docs/providers.md, "The EC2 fake (tests only)").
/// </summary>
public sealed class Ec2FakeSdkTests
{
    private static async Task<AmazonEC2Exception> FailsAsync(Func<Task> call, string code)
    {
        var error = await Assert.ThrowsAsync<AmazonEC2Exception>(call);
        Assert.Equal(code, error.ErrorCode);
        return error;
    }

    [Fact]
    public async Task A_region_is_built_read_back_and_destroyed_in_dependency_order_to_zero_resources()
    {
        await using var fake = await Ec2FakeHarness.StartAsync();
        using var ec2 = fake.Client();
        var image = await Ec2FakeNetwork.DebianAsync(ec2);
        Assert.Equal("debian-12-amd64-20250428-2096", image.Name);
        var net = await Ec2FakeNetwork.BuildAsync(ec2);
        Assert.Matches("^vpc-[0-9a-f]{17}$", net.VpcId);

        var eip = await ec2.AllocateAddressAsync(new AllocateAddressRequest { Domain = DomainType.Vpc, TagSpecifications = Ec2FakeNetwork.Tags(ResourceType.ElasticIp, "eip") });
        Assert.Equal("198.18.0.1", eip.PublicIp);
        var launch = net.Launch("10.1.0.10", clientToken: "fake1-router-1");
        launch.ImageId = image.ImageId;
        var launched = (await ec2.RunInstancesAsync(launch)).Reservation.Instances.Single();
        Assert.Equal("pending", launched.State.Name.Value);
        Assert.Equal(0, launched.State.Code);
        await Ec2FakeHarness.WaitForStateAsync(ec2, launched.InstanceId, "running");
        await ec2.AssociateAddressAsync(new AssociateAddressRequest { AllocationId = eip.AllocationId, InstanceId = launched.InstanceId });
        await ec2.ModifyInstanceAttributeAsync(new ModifyInstanceAttributeRequest { InstanceId = launched.InstanceId, SourceDestCheck = false });

        var instance = (await ec2.DescribeInstancesAsync(new DescribeInstancesRequest
        {
            Filters = [new Filter("tag:meridian:cluster", ["fake1"]), new Filter("instance-state-name", ["pending", "running"]), new Filter("vpc-id", [net.VpcId])],
        })).Reservations.Single().Instances.Single();
        Assert.Equal(16, instance.State.Code);
        Assert.Equal("10.1.0.10", instance.PrivateIpAddress);
        Assert.Equal("198.18.0.1", instance.PublicIpAddress);
        Assert.False(instance.SourceDestCheck);
        Assert.Equal(net.GroupId, instance.SecurityGroups.Single().GroupId);
        Assert.Equal("fake1-ssh", instance.SecurityGroups.Single().GroupName);
        Assert.Matches("^eni-[0-9a-f]{17}$", instance.NetworkInterfaces.Single().NetworkInterfaceId);
        Assert.Equal("router", instance.Tags.Single(t => t.Key == "meridian:plan").Value);
        Assert.Equal(image.ImageId, instance.ImageId);
        Assert.Equal(net.KeyName, instance.KeyName);
        Assert.Equal(net.PublicKey, fake.Host.PoweredOn["10.1.0.10"]);

        var table = (await ec2.DescribeRouteTablesAsync(new DescribeRouteTablesRequest { Filters = [new Filter("association.subnet-id", [net.SubnetId])] })).RouteTables.Single();
        Assert.Equal(net.RouteTableId, table.RouteTableId);
        Assert.Contains(table.Routes, r => r.DestinationCidrBlock == "10.1.0.0/16" && r.GatewayId == "local");
        Assert.Contains(table.Routes, r => r.DestinationCidrBlock == "0.0.0.0/0" && r.GatewayId == net.GatewayId);
        Assert.Equal(net.AssociationId, table.Associations.Single().RouteTableAssociationId);
        await ec2.CreateRouteAsync(new CreateRouteRequest { RouteTableId = net.RouteTableId, DestinationCidrBlock = "10.2.0.0/16", NetworkInterfaceId = instance.NetworkInterfaces.Single().NetworkInterfaceId });
        var routes = (await ec2.DescribeRouteTablesAsync(new DescribeRouteTablesRequest { RouteTableIds = [net.RouteTableId] })).RouteTables.Single().Routes;
        Assert.Contains(routes, r => r.DestinationCidrBlock == "10.2.0.0/16" && r.InstanceId == instance.InstanceId);

        // AWS's own: the VPC's main route table and default group, untagged.
        var all = (await ec2.DescribeRouteTablesAsync(new DescribeRouteTablesRequest { Filters = [new Filter("vpc-id", [net.VpcId])] })).RouteTables;
        Assert.Equal(2, all.Count);
        Assert.True(all.Single(t => t.RouteTableId != net.RouteTableId).Associations.Single().Main);
        var groups = (await ec2.DescribeSecurityGroupsAsync(new DescribeSecurityGroupsRequest { Filters = [new Filter("vpc-id", [net.VpcId])] })).SecurityGroups;
        Assert.Equal(["default", "fake1-ssh"], groups.Select(g => g.GroupName).Order(StringComparer.Ordinal));
        var ssh = groups.Single(g => g.GroupName == "fake1-ssh").IpPermissions.Single();
        Assert.Equal(("tcp", 22, 22), (ssh.IpProtocol, ssh.FromPort, ssh.ToPort));
        Assert.Equal(("203.0.113.7/32", "operator"), (ssh.Ipv4Ranges.Single().CidrIp, ssh.Ipv4Ranges.Single().Description));
        var gateway = (await ec2.DescribeInternetGatewaysAsync(new DescribeInternetGatewaysRequest { Filters = [new Filter("attachment.vpc-id", [net.VpcId])] })).InternetGateways.Single();
        Assert.Equal(net.GatewayId, gateway.InternetGatewayId);
        var vpc = (await ec2.DescribeVpcsAsync(new DescribeVpcsRequest { Filters = [new Filter("tag-key", ["meridian:cluster"])] })).Vpcs.Single();
        Assert.Equal(("10.1.0.0/16", "vpc"), (vpc.CidrBlock, vpc.Tags.Single(t => t.Key == "meridian:plan").Value));
        var subnet = (await ec2.DescribeSubnetsAsync(new DescribeSubnetsRequest { SubnetIds = [net.SubnetId] })).Subnets.Single();
        Assert.Equal((net.VpcId, "10.1.0.0/24", 250), (subnet.VpcId, subnet.CidrBlock, subnet.AvailableIpAddressCount));
        var address = (await ec2.DescribeAddressesAsync(new DescribeAddressesRequest { AllocationIds = [eip.AllocationId] })).Addresses.Single();
        Assert.Equal((instance.InstanceId, "10.1.0.10"), (address.InstanceId, address.PrivateIpAddress));
        var key = (await ec2.DescribeKeyPairsAsync(new DescribeKeyPairsRequest { KeyNames = [net.KeyName] })).KeyPairs.Single();
        Assert.Equal("key", key.Tags.Single(t => t.Key == "meridian:plan").Value);

        // down's order (issue 13): instances, addresses, route tables, subnets, groups, the gateway detached first, the VPC, the key.
        var terminating = (await ec2.TerminateInstancesAsync(new TerminateInstancesRequest { InstanceIds = [instance.InstanceId] })).TerminatingInstances.Single();
        Assert.Equal(("running", "shutting-down"), (terminating.PreviousState.Name.Value, terminating.CurrentState.Name.Value));
        await Ec2FakeHarness.WaitForStateAsync(ec2, instance.InstanceId, "terminated");
        Assert.Empty(fake.Host.PoweredOn);
        Assert.Null((await ec2.DescribeAddressesAsync(new DescribeAddressesRequest())).Addresses.Single().AssociationId);
        await ec2.ReleaseAddressAsync(new ReleaseAddressRequest { AllocationId = eip.AllocationId });
        await ec2.DisassociateRouteTableAsync(new DisassociateRouteTableRequest { AssociationId = net.AssociationId });
        await ec2.DeleteRouteTableAsync(new DeleteRouteTableRequest { RouteTableId = net.RouteTableId });
        await ec2.DeleteSubnetAsync(new DeleteSubnetRequest { SubnetId = net.SubnetId });
        await ec2.DeleteSecurityGroupAsync(new DeleteSecurityGroupRequest { GroupId = net.GroupId });
        await ec2.DetachInternetGatewayAsync(new DetachInternetGatewayRequest { InternetGatewayId = net.GatewayId, VpcId = net.VpcId });
        await ec2.DeleteInternetGatewayAsync(new DeleteInternetGatewayRequest { InternetGatewayId = net.GatewayId });
        await ec2.DeleteVpcAsync(new DeleteVpcRequest { VpcId = net.VpcId });
        await ec2.DeleteKeyPairAsync(new DeleteKeyPairRequest { KeyName = net.KeyName });

        var state = Assert.Single(await fake.Engine.SnapshotAsync());
        Assert.Equal(0, state.Count);
        Assert.Single(state.TerminatedInstances);
        var still = (await ec2.DescribeInstancesAsync(new DescribeInstancesRequest())).Reservations.Single().Instances.Single();
        Assert.Equal("terminated", still.State.Name.Value);
    }

    [Fact]
    public async Task Out_of_order_deletes_and_conflicts_answer_AWS_error_codes()
    {
        await using var fake = await Ec2FakeHarness.StartAsync();
        using var ec2 = fake.Client();
        var net = await Ec2FakeNetwork.BuildAsync(ec2);
        var launch = net.Launch("10.1.0.20");
        launch.ImageId = (await Ec2FakeNetwork.DebianAsync(ec2)).ImageId;
        var instance = (await ec2.RunInstancesAsync(launch)).Reservation.Instances.Single();

        await FailsAsync(() => ec2.DeleteVpcAsync(new DeleteVpcRequest { VpcId = net.VpcId }), "DependencyViolation");
        await FailsAsync(() => ec2.DeleteSubnetAsync(new DeleteSubnetRequest { SubnetId = net.SubnetId }), "DependencyViolation");
        await FailsAsync(() => ec2.DeleteSecurityGroupAsync(new DeleteSecurityGroupRequest { GroupId = net.GroupId }), "DependencyViolation");
        await FailsAsync(() => ec2.DeleteInternetGatewayAsync(new DeleteInternetGatewayRequest { InternetGatewayId = net.GatewayId }), "DependencyViolation");
        await FailsAsync(() => ec2.DeleteRouteTableAsync(new DeleteRouteTableRequest { RouteTableId = net.RouteTableId }), "DependencyViolation");
        await FailsAsync(() => ec2.RunInstancesAsync(launch), "InvalidIPAddress.InUse");
        launch.PrivateIpAddress = "10.1.1.5";
        await FailsAsync(() => ec2.RunInstancesAsync(launch), "InvalidParameterValue");
        await FailsAsync(() => ec2.CreateSubnetAsync(new CreateSubnetRequest { VpcId = net.VpcId, CidrBlock = "10.9.0.0/24" }), "InvalidSubnet.Range");
        await FailsAsync(() => ec2.ImportKeyPairAsync(new ImportKeyPairRequest { KeyName = net.KeyName, PublicKeyMaterial = Convert.ToBase64String(Encoding.UTF8.GetBytes(net.PublicKey)) }), "InvalidKeyPair.Duplicate");
        await FailsAsync(() => ec2.CreateSecurityGroupAsync(new CreateSecurityGroupRequest { GroupName = "fake1-ssh", Description = "again", VpcId = net.VpcId }), "InvalidGroup.Duplicate");
        await FailsAsync(() => ec2.AuthorizeSecurityGroupIngressAsync(new AuthorizeSecurityGroupIngressRequest
        {
            GroupId = net.GroupId,
            IpPermissions = [new IpPermission { IpProtocol = "tcp", FromPort = 22, ToPort = 22, Ipv4Ranges = [new IpRange { CidrIp = "203.0.113.7/32" }] }],
        }), "InvalidPermission.Duplicate");
        await FailsAsync(() => ec2.CreateRouteAsync(new CreateRouteRequest { RouteTableId = net.RouteTableId, DestinationCidrBlock = "0.0.0.0/0", GatewayId = net.GatewayId }), "RouteAlreadyExists");
        var other = (await ec2.CreateInternetGatewayAsync(new CreateInternetGatewayRequest())).InternetGateway;
        await FailsAsync(() => ec2.AttachInternetGatewayAsync(new AttachInternetGatewayRequest { InternetGatewayId = other.InternetGatewayId, VpcId = net.VpcId }), "Resource.AlreadyAssociated");
        await FailsAsync(() => ec2.DescribeVpcsAsync(new DescribeVpcsRequest { VpcIds = ["vpc-0123456789abcdef0"] }), "InvalidVpcID.NotFound");

        await Ec2FakeHarness.WaitForStateAsync(ec2, instance.InstanceId, "running");
        var eip = await ec2.AllocateAddressAsync(new AllocateAddressRequest { Domain = DomainType.Vpc });
        await FailsAsync(() => ec2.AllocateAddressAsync(new AllocateAddressRequest { Domain = DomainType.Vpc }), "AddressLimitExceeded");
        await ec2.AssociateAddressAsync(new AssociateAddressRequest { AllocationId = eip.AllocationId, InstanceId = instance.InstanceId });
        await FailsAsync(() => ec2.ReleaseAddressAsync(new ReleaseAddressRequest { AllocationId = eip.AllocationId }), "InvalidIPAddress.InUse");
        await FailsAsync(() => ec2.DetachInternetGatewayAsync(new DetachInternetGatewayRequest { InternetGatewayId = net.GatewayId, VpcId = net.VpcId }), "DependencyViolation");

        // Once terminated, the group and subnet are free again.
        await ec2.TerminateInstancesAsync(new TerminateInstancesRequest { InstanceIds = [instance.InstanceId] });
        await Ec2FakeHarness.WaitForStateAsync(ec2, instance.InstanceId, "terminated");
        await ec2.DeleteSecurityGroupAsync(new DeleteSecurityGroupRequest { GroupId = net.GroupId });
        await ec2.ReleaseAddressAsync(new ReleaseAddressRequest { AllocationId = eip.AllocationId });
    }

    [Fact]
    public async Task A_ClientToken_returns_the_same_instance_even_terminated_and_refuses_other_parameters()
    {
        await using var fake = await Ec2FakeHarness.StartAsync();
        using var ec2 = fake.Client();
        var net = await Ec2FakeNetwork.BuildAsync(ec2);
        var launch = net.Launch("10.1.0.10", clientToken: "fake1-us-east-1-router");
        launch.ImageId = (await Ec2FakeNetwork.DebianAsync(ec2)).ImageId;
        var first = (await ec2.RunInstancesAsync(launch)).Reservation.Instances.Single();
        var again = (await ec2.RunInstancesAsync(launch)).Reservation.Instances.Single();
        Assert.Equal(first.InstanceId, again.InstanceId);
        Assert.Single((await ec2.DescribeInstancesAsync(new DescribeInstancesRequest())).Reservations);

        await ec2.TerminateInstancesAsync(new TerminateInstancesRequest { InstanceIds = [first.InstanceId] });
        await Ec2FakeHarness.WaitForStateAsync(ec2, first.InstanceId, "terminated");
        var afterTerminate = (await ec2.RunInstancesAsync(launch)).Reservation.Instances.Single();
        Assert.Equal((first.InstanceId, "terminated"), (afterTerminate.InstanceId, afterTerminate.State.Name.Value));

        launch.InstanceType = InstanceType.T3Small;
        await FailsAsync(() => ec2.RunInstancesAsync(launch), "IdempotentParameterMismatch");
        launch.ClientToken = "fake1-us-east-1-router-2";
        var fresh = (await ec2.RunInstancesAsync(launch)).Reservation.Instances.Single();
        Assert.NotEqual(first.InstanceId, fresh.InstanceId);
        Assert.Equal("10.1.0.10", fresh.PrivateIpAddress);
    }

    [Fact]
    public async Task An_instance_whose_machine_does_not_boot_ends_terminated_with_a_reason_and_frees_its_address()
    {
        await using var fake = await Ec2FakeHarness.StartAsync();
        using var ec2 = fake.Client();
        var net = await Ec2FakeNetwork.BuildAsync(ec2);
        fake.Host.Unbootable["10.1.0.30"] = true;
        var launch = net.Launch("10.1.0.30");
        launch.ImageId = (await Ec2FakeNetwork.DebianAsync(ec2)).ImageId;
        var broken = (await ec2.RunInstancesAsync(launch)).Reservation.Instances.Single();
        var ended = await Ec2FakeHarness.WaitForStateAsync(ec2, broken.InstanceId, "terminated");
        Assert.Equal("Server.InternalError", ended.StateReason.Code);

        fake.Host.Unbootable.Clear();
        var retried = (await ec2.RunInstancesAsync(launch)).Reservation.Instances.Single();
        await Ec2FakeHarness.WaitForStateAsync(ec2, retried.InstanceId, "running");
    }

    [Fact]
    public async Task Throttling_surfaces_as_RequestLimitExceeded_503()
    {
        await using var fake = await Ec2FakeHarness.StartAsync(new FakeOptions { Faults = new FaultSettings { ThrottleEvery = 2 } });
        using var ec2 = fake.Client();
        await ec2.DescribeVpcsAsync(new DescribeVpcsRequest());
        var error = await FailsAsync(() => ec2.DescribeVpcsAsync(new DescribeVpcsRequest()), "RequestLimitExceeded");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);
        await ec2.DescribeVpcsAsync(new DescribeVpcsRequest());

        // The SDK's own retry gets through a throttled call.
        using var retrying = fake.Client(maxErrorRetry: 2);
        await retrying.DescribeVpcsAsync(new DescribeVpcsRequest());
        await retrying.DescribeVpcsAsync(new DescribeVpcsRequest());
    }

    [Fact]
    public async Task A_just_created_resource_is_NotFound_for_its_first_lookups_or_its_first_milliseconds()
    {
        await using var fake = await Ec2FakeHarness.StartAsync(new FakeOptions { Faults = new FaultSettings { EventualConsistencyLookups = 2 } });
        using var ec2 = fake.Client();
        var vpc = (await ec2.CreateVpcAsync(new CreateVpcRequest { CidrBlock = "10.1.0.0/16" })).Vpc;
        await FailsAsync(() => ec2.DescribeVpcsAsync(new DescribeVpcsRequest { VpcIds = [vpc.VpcId] }), "InvalidVpcID.NotFound");
        await FailsAsync(() => ec2.CreateSubnetAsync(new CreateSubnetRequest { VpcId = vpc.VpcId, CidrBlock = "10.1.0.0/24" }), "InvalidVpcID.NotFound");
        Assert.Equal(vpc.VpcId, (await ec2.DescribeVpcsAsync(new DescribeVpcsRequest { VpcIds = [vpc.VpcId] })).Vpcs.Single().VpcId);

        await fake.Engine.SetFaultsAsync(new FaultUpdate(EventualConsistencyMs: 300, EventualConsistencyLookups: 0, null, null, null));
        var gateway = (await ec2.CreateInternetGatewayAsync(new CreateInternetGatewayRequest())).InternetGateway;
        await FailsAsync(() => ec2.AttachInternetGatewayAsync(new AttachInternetGatewayRequest { InternetGatewayId = gateway.InternetGatewayId, VpcId = vpc.VpcId }), "InvalidInternetGatewayID.NotFound");
        await Task.Delay(400);
        await ec2.AttachInternetGatewayAsync(new AttachInternetGatewayRequest { InternetGatewayId = gateway.InternetGatewayId, VpcId = vpc.VpcId });
    }

    [Fact]
    public async Task A_failing_region_answers_InternalError_after_its_first_calls_and_the_others_keep_working()
    {
        await using var fake = await Ec2FakeHarness.StartAsync(new FakeOptions { Faults = new FaultSettings { FailRegion = "eu-west-1", FailAfter = 2 } });
        using var ireland = fake.Client("eu-west-1");
        using var virginia = fake.Client("us-east-1");
        await ireland.CreateVpcAsync(new CreateVpcRequest { CidrBlock = "10.2.0.0/16" });
        await ireland.DescribeVpcsAsync(new DescribeVpcsRequest());
        var error = await FailsAsync(() => ireland.CreateInternetGatewayAsync(new CreateInternetGatewayRequest()), "InternalError");
        Assert.Equal(HttpStatusCode.InternalServerError, error.StatusCode);
        await virginia.CreateVpcAsync(new CreateVpcRequest { CidrBlock = "10.1.0.0/16" });

        var state = await fake.Engine.SnapshotAsync();
        Assert.Equal([("eu-west-1", 1), ("us-east-1", 1)], state.Select(s => (s.Region, s.Vpcs.Count)));
        Assert.Empty(state.Single(s => s.Region == "eu-west-1").InternetGateways);
    }

    [Fact]
    public async Task A_revoked_access_key_is_AuthFailure()
    {
        await using var fake = await Ec2FakeHarness.StartAsync();
        using var ec2 = fake.Client(accessKey: Ec2FakeHarness.BadAccessKey);
        var error = await FailsAsync(() => ec2.DescribeVpcsAsync(new DescribeVpcsRequest()), "AuthFailure");
        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
    }

    [Fact]
    public async Task The_console_output_has_cloud_inits_host_key_block_with_the_machines_keys()
    {
        await using var fake = await Ec2FakeHarness.StartAsync();
        using var ec2 = fake.Client();
        var net = await Ec2FakeNetwork.BuildAsync(ec2);
        var launch = net.Launch("10.1.0.20");
        launch.ImageId = (await Ec2FakeNetwork.DebianAsync(ec2)).ImageId;
        var instance = (await ec2.RunInstancesAsync(launch)).Reservation.Instances.Single();
        Assert.Null((await ec2.GetConsoleOutputAsync(new GetConsoleOutputRequest { InstanceId = instance.InstanceId })).Output);
        await Ec2FakeHarness.WaitForStateAsync(ec2, instance.InstanceId, "running");

        var output = Encoding.UTF8.GetString(Convert.FromBase64String((await ec2.GetConsoleOutputAsync(new GetConsoleOutputRequest { InstanceId = instance.InstanceId })).Output));
        var keys = (await fake.Host.HostKeysAsync("10.1.0.20", CancellationToken.None)).Single();
        Assert.Contains($"-----BEGIN SSH HOST KEY KEYS-----\n{keys}\n-----END SSH HOST KEY KEYS-----\n", output, StringComparison.Ordinal);
        Assert.StartsWith("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI", keys, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Vpc_peering_is_requested_in_one_region_and_accepted_in_the_other()
    {
        await using var fake = await Ec2FakeHarness.StartAsync();
        using var virginia = fake.Client("us-east-1");
        using var ireland = fake.Client("eu-west-1");
        var east = (await virginia.CreateVpcAsync(new CreateVpcRequest { CidrBlock = "10.1.0.0/16" })).Vpc;
        var west = (await ireland.CreateVpcAsync(new CreateVpcRequest { CidrBlock = "10.2.0.0/16" })).Vpc;
        var peering = (await virginia.CreateVpcPeeringConnectionAsync(new CreateVpcPeeringConnectionRequest { VpcId = east.VpcId, PeerVpcId = west.VpcId, PeerRegion = "eu-west-1" })).VpcPeeringConnection;
        Assert.Equal("pending-acceptance", peering.Status.Code.Value);
        await FailsAsync(() => virginia.AcceptVpcPeeringConnectionAsync(new AcceptVpcPeeringConnectionRequest { VpcPeeringConnectionId = peering.VpcPeeringConnectionId }), "OperationNotPermitted");
        var accepted = (await ireland.AcceptVpcPeeringConnectionAsync(new AcceptVpcPeeringConnectionRequest { VpcPeeringConnectionId = peering.VpcPeeringConnectionId })).VpcPeeringConnection;
        Assert.Equal(("active", "10.1.0.0/16", "us-east-1"), (accepted.Status.Code.Value, accepted.RequesterVpcInfo.CidrBlock, accepted.RequesterVpcInfo.Region));
        var seen = (await virginia.DescribeVpcPeeringConnectionsAsync(new DescribeVpcPeeringConnectionsRequest { Filters = [new Filter("status-code", ["active"])] })).VpcPeeringConnections.Single();
        Assert.Equal(west.VpcId, seen.AccepterVpcInfo.VpcId);
        await FailsAsync(() => virginia.DeleteVpcAsync(new DeleteVpcRequest { VpcId = east.VpcId }), "DependencyViolation");
        await ireland.DeleteVpcPeeringConnectionAsync(new DeleteVpcPeeringConnectionRequest { VpcPeeringConnectionId = peering.VpcPeeringConnectionId });
        await virginia.DeleteVpcAsync(new DeleteVpcRequest { VpcId = east.VpcId });
    }

    [Fact]
    public async Task The_test_endpoints_report_state_requests_faults_and_the_operator_address()
    {
        await using var fake = await Ec2FakeHarness.StartAsync(new FakeOptions { OperatorAddress = "203.0.113.7" });
        using var http = new HttpClient { BaseAddress = fake.Address };
        Assert.Equal("203.0.113.7\n", await http.GetStringAsync(new Uri("/checkip", UriKind.Relative)));
        using var ec2 = fake.Client();
        await ec2.CreateVpcAsync(new CreateVpcRequest { CidrBlock = "10.1.0.0/16" });

        using var state = JsonDocument.Parse(await http.GetStringAsync(new Uri("/_fake/state", UriKind.Relative)));
        Assert.Equal(1, state.RootElement[0].GetProperty("vpcs").GetArrayLength());
        Assert.Equal(1, state.RootElement[0].GetProperty("count").GetInt32());

        using var faults = await http.PostAsJsonAsync(new Uri("/_fake/faults", UriKind.Relative), new { throttleEvery = 1 });
        faults.EnsureSuccessStatusCode();
        await FailsAsync(() => ec2.DescribeVpcsAsync(new DescribeVpcsRequest()), "RequestLimitExceeded");

        var normalized = RequestLogNormalizer.NormalizeJson(await http.GetStringAsync(new Uri("/_fake/requests", UriKind.Relative)));
        Assert.Equal("us-east-1 CreateVpc\n    CidrBlock=10.1.0.0/16\nus-east-1 DescribeVpcs\n    → RequestLimitExceeded\n", normalized);
    }

    [Fact]
    public async Task The_normalized_request_log_is_the_same_for_two_runs_of_the_same_build()
    {
        async Task<string> RunAsync()
        {
            await using var fake = await Ec2FakeHarness.StartAsync();
            using var ec2 = fake.Client();
            var net = await Ec2FakeNetwork.BuildAsync(ec2);
            var launch = net.Launch("10.1.0.10", clientToken: Guid.NewGuid().ToString());
            launch.ImageId = (await Ec2FakeNetwork.DebianAsync(ec2)).ImageId;
            var instance = (await ec2.RunInstancesAsync(launch)).Reservation.Instances.Single();
            await ec2.TerminateInstancesAsync(new TerminateInstancesRequest { InstanceIds = [instance.InstanceId] });
            return RequestLogNormalizer.Normalize(await fake.Engine.RequestsAsync());
        }

        var first = await RunAsync();
        Assert.Equal(first, await RunAsync());
        Assert.DoesNotMatch(@"\b(vpc|subnet|igw|rtb|sg|i|ami)-[0-9a-f]{17}\b", first);
        Assert.Contains("us-east-1 CreateSubnet\n    CidrBlock=10.1.0.0/24\n    TagSpecification.1.ResourceType=subnet\n", first, StringComparison.Ordinal);
        Assert.Contains("    VpcId=<vpc-1>\n", first, StringComparison.Ordinal);
        Assert.Contains("    ClientToken=<ClientToken-1>\n", first, StringComparison.Ordinal);
        Assert.Contains("us-east-1 TerminateInstances\n    InstanceId.1=<i-1>\n", first, StringComparison.Ordinal);
    }

    [Fact]
    public void The_command_line_sets_pools_faults_and_delays()
    {
        var options = FakeOptions.Parse(["--listen", "127.0.0.1:8999", "--address-pool", "us-east-1=198.18.0.1", "--address-pool", "us-east-1=198.18.0.9",
            "--pending-delay", "250ms", "--throttle-every", "5", "--fail-region", "eu-west-1", "--fail-after", "7", "--eventual-consistency-ms", "300", "--bad-access-key", "AKIDBAD"]);
        Assert.Equal(["198.18.0.1", "198.18.0.9"], options.AddressPools["us-east-1"].Select(a => a.ToString()));
        Assert.Equal((TimeSpan.FromMilliseconds(250), 5, "eu-west-1", 7, 300), (options.PendingDelay, options.Faults.ThrottleEvery, options.Faults.FailRegion, options.Faults.FailAfter, options.Faults.EventualConsistencyMs));
        Assert.Contains("AKIDBAD", options.BadAccessKeys);
        Assert.Throws<ArgumentException>(() => FakeOptions.Parse(["--address-pool", "us-east-1"]));
    }
}
