using Amazon.EC2.Model;
using Meridian.Core.Cloud;
using Meridian.Providers.Ssh;

namespace Meridian.Providers.Aws;

/// <summary>
/// `down` for provider: aws (docs/providers.md, "What `down` deletes"): everything tagged for the cluster, per region in
/// dependency order (<see cref="CloudOrder.Destroy"/>): instances (waited for until terminated), addresses, route
/// tables, subnets, security groups, the gateway (detached first), the VPC, the key pair. A second run finds nothing.
/// </summary>
public sealed class CloudDestroyer(string cluster, IReadOnlyList<string> awsRegions, IDeploymentProgress progress, Func<string, Ec2Region>? regionClients = null)
{
    private static readonly TimeSpan TerminateTimeout = TimeSpan.FromMinutes(10);

    /// <summary>How long a delete may keep failing with DependencyViolation: a terminated instance's interface is released a little later.</summary>
    private static readonly TimeSpan DependencyTimeout = TimeSpan.FromMinutes(3);

    public async Task<CloudDestroyReport> DestroyAsync(CancellationToken cancellationToken)
    {
        var deleted = new List<DeletedResource>();
        var failures = new List<string>();
        var sync = new Lock();
        await Task.WhenAll(awsRegions.Distinct(StringComparer.Ordinal).Select(async awsRegion =>
        {
            using var ec2 = (regionClients ?? Ec2Region.Standard)(awsRegion);
            var mine = new List<DeletedResource>();
            try
            {
                await DestroyRegionAsync(ec2, mine, cancellationToken).ConfigureAwait(false);
            }
            catch (ClusterOperationException ex)
            {
                lock (sync)
                {
                    failures.Add($"{ex.Message} (fix: {ex.Fix})");
                }
            }

            lock (sync)
            {
                deleted.AddRange(mine);
            }
        })).ConfigureAwait(false);
        return new CloudDestroyReport(deleted, failures);
    }

    private async Task DestroyRegionAsync(Ec2Region ec2, List<DeletedResource> deleted, CancellationToken cancellationToken)
    {
        var inventory = await RegionInventory.ReadAsync(ec2, cluster, cancellationToken).ConfigureAwait(false);
        void Done(CloudResourceKind kind, string id, IEnumerable<Tag>? tags)
        {
            deleted.Add(new DeletedResource(ec2.AwsRegion, kind, id, RegionInventory.PlanIdOf(tags)));
            progress.Host(ec2.AwsRegion, $"deleted {kind} {id}");
        }

        var instances = inventory.LiveInstances.ToList();
        if (instances.Count > 0)
        {
            var ids = instances.Select(i => i.InstanceId).ToList();
            progress.Host(ec2.AwsRegion, $"terminating {string.Join(", ", ids)}");
            await ec2.CallAsync("terminate instances", (c, ct) => c.TerminateInstancesAsync(new TerminateInstancesRequest { InstanceIds = ids }, ct), cancellationToken).ConfigureAwait(false);
            await ec2.WaitAsync("instances terminated", async ct =>
            {
                var now = await ec2.CallAsync("describe instances", (c, t) => c.DescribeInstancesAsync(new DescribeInstancesRequest { InstanceIds = ids }, t), ct).ConfigureAwait(false);
                return (now.Reservations ?? []).SelectMany(r => r.Instances ?? []).All(i => i.State?.Name?.Value == "terminated");
            }, TerminateTimeout, cancellationToken).ConfigureAwait(false);
            instances.ForEach(i => Done(CloudResourceKind.Instance, i.InstanceId, i.Tags));
        }

        foreach (var address in inventory.Addresses)
        {
            if (address.AssociationId is { } association)
            {
                // Usually gone already: terminating the instance disassociated it.
                await DeleteAsync(ec2, "disassociate " + address.PublicIp, (c, ct) => c.DisassociateAddressAsync(new DisassociateAddressRequest { AssociationId = association }, ct), cancellationToken).ConfigureAwait(false);
            }

            await DeleteAsync(ec2, "release " + address.PublicIp, (c, ct) => c.ReleaseAddressAsync(new ReleaseAddressRequest { AllocationId = address.AllocationId }, ct), cancellationToken).ConfigureAwait(false);
            Done(CloudResourceKind.Address, address.AllocationId, address.Tags);
        }

        foreach (var table in inventory.RouteTables)
        {
            foreach (var association in (table.Associations ?? []).Where(a => a.Main != true && a.RouteTableAssociationId is not null))
            {
                await DeleteAsync(ec2, "disassociate route table " + table.RouteTableId, (c, ct) => c.DisassociateRouteTableAsync(new DisassociateRouteTableRequest { AssociationId = association.RouteTableAssociationId }, ct), cancellationToken).ConfigureAwait(false);
            }

            await DeleteAsync(ec2, "delete route table " + table.RouteTableId, (c, ct) => c.DeleteRouteTableAsync(new DeleteRouteTableRequest { RouteTableId = table.RouteTableId }, ct), cancellationToken).ConfigureAwait(false);
            Done(CloudResourceKind.RouteTable, table.RouteTableId, table.Tags);
        }

        foreach (var subnet in inventory.Subnets)
        {
            await DeleteAsync(ec2, "delete subnet " + subnet.SubnetId, (c, ct) => c.DeleteSubnetAsync(new DeleteSubnetRequest { SubnetId = subnet.SubnetId }, ct), cancellationToken).ConfigureAwait(false);
            Done(CloudResourceKind.Subnet, subnet.SubnetId, subnet.Tags);
        }

        foreach (var group in inventory.SecurityGroups)
        {
            await DeleteAsync(ec2, "delete security group " + group.GroupName, (c, ct) => c.DeleteSecurityGroupAsync(new DeleteSecurityGroupRequest { GroupId = group.GroupId }, ct), cancellationToken).ConfigureAwait(false);
            Done(CloudResourceKind.SecurityGroup, group.GroupId, group.Tags);
        }

        foreach (var gateway in inventory.Gateways)
        {
            foreach (var attachment in gateway.Attachments ?? [])
            {
                await DeleteAsync(ec2, $"detach {gateway.InternetGatewayId} from {attachment.VpcId}", (c, ct) => c.DetachInternetGatewayAsync(new DetachInternetGatewayRequest { InternetGatewayId = gateway.InternetGatewayId, VpcId = attachment.VpcId }, ct), cancellationToken).ConfigureAwait(false);
            }

            await DeleteAsync(ec2, "delete internet gateway " + gateway.InternetGatewayId, (c, ct) => c.DeleteInternetGatewayAsync(new DeleteInternetGatewayRequest { InternetGatewayId = gateway.InternetGatewayId }, ct), cancellationToken).ConfigureAwait(false);
            Done(CloudResourceKind.InternetGateway, gateway.InternetGatewayId, gateway.Tags);
        }

        foreach (var vpc in inventory.Vpcs)
        {
            await DeleteAsync(ec2, "delete VPC " + vpc.VpcId, (c, ct) => c.DeleteVpcAsync(new DeleteVpcRequest { VpcId = vpc.VpcId }, ct), cancellationToken).ConfigureAwait(false);
            Done(CloudResourceKind.Vpc, vpc.VpcId, vpc.Tags);
        }

        foreach (var keyPair in inventory.KeyPairs)
        {
            await DeleteAsync(ec2, "delete key pair " + keyPair.KeyName, (c, ct) => c.DeleteKeyPairAsync(new DeleteKeyPairRequest { KeyPairId = keyPair.KeyPairId }, ct), cancellationToken).ConfigureAwait(false);
            Done(CloudResourceKind.KeyPair, keyPair.KeyPairId ?? keyPair.KeyName, keyPair.Tags);
        }
    }

    /// <summary>A delete (or disassociation) that EC2 may refuse for a while with DependencyViolation (what depended on it is still going away); gone already counts as done.</summary>
    private static async Task DeleteAsync<T>(Ec2Region ec2, string what, Func<Amazon.EC2.IAmazonEC2, CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + DependencyTimeout;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await ec2.CallAsync(what, call, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (ClusterOperationException ex) when (ex.InnerException is Amazon.EC2.AmazonEC2Exception { ErrorCode: "DependencyViolation" } && DateTime.UtcNow < deadline)
            {
                await Task.Delay(Ec2Errors.Delay(attempt, Random.Shared.NextDouble()), cancellationToken).ConfigureAwait(false);
            }
            catch (ClusterOperationException ex) when (ex.InnerException is Amazon.EC2.AmazonEC2Exception inner && Ec2Errors.Classify(inner.ErrorCode) == Ec2ErrorKind.NotFound)
            {
                return;
            }
        }
    }
}
