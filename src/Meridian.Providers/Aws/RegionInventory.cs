using Amazon.EC2;
using Amazon.EC2.Model;
using Meridian.Core.Cloud;

namespace Meridian.Providers.Aws;

/// <summary>
/// Every resource in one AWS region that carries the cluster's tag (docs/providers.md, "Tags and idempotency"), as
/// EC2 described it at one moment. Creation is create-or-adopt: what is here under a plan id is adopted, not created.
/// </summary>
public sealed record RegionInventory(
    string AwsRegion,
    IReadOnlyList<KeyPairInfo> KeyPairs,
    IReadOnlyList<Vpc> Vpcs,
    IReadOnlyList<Subnet> Subnets,
    IReadOnlyList<InternetGateway> Gateways,
    IReadOnlyList<RouteTable> RouteTables,
    IReadOnlyList<SecurityGroup> SecurityGroups,
    IReadOnlyList<Address> Addresses,
    IReadOnlyList<Instance> Instances)
{
    public static async Task<RegionInventory> ReadAsync(Ec2Region ec2, string cluster, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ec2);
        List<Filter> Tagged() => [new Filter { Name = "tag:" + CloudTags.Cluster, Values = [cluster] }];
        var keyPairs = ec2.CallAsync("describe key pairs", (c, ct) => c.DescribeKeyPairsAsync(new DescribeKeyPairsRequest { Filters = Tagged() }, ct), cancellationToken);
        var vpcs = ec2.CallAsync("describe VPCs", (c, ct) => c.DescribeVpcsAsync(new DescribeVpcsRequest { Filters = Tagged() }, ct), cancellationToken);
        var subnets = ec2.CallAsync("describe subnets", (c, ct) => c.DescribeSubnetsAsync(new DescribeSubnetsRequest { Filters = Tagged() }, ct), cancellationToken);
        var gateways = ec2.CallAsync("describe internet gateways", (c, ct) => c.DescribeInternetGatewaysAsync(new DescribeInternetGatewaysRequest { Filters = Tagged() }, ct), cancellationToken);
        var tables = ec2.CallAsync("describe route tables", (c, ct) => c.DescribeRouteTablesAsync(new DescribeRouteTablesRequest { Filters = Tagged() }, ct), cancellationToken);
        var groups = ec2.CallAsync("describe security groups", (c, ct) => c.DescribeSecurityGroupsAsync(new DescribeSecurityGroupsRequest { Filters = Tagged() }, ct), cancellationToken);
        var addresses = ec2.CallAsync("describe addresses", (c, ct) => c.DescribeAddressesAsync(new DescribeAddressesRequest { Filters = Tagged() }, ct), cancellationToken);
        var instances = InstancesAsync(ec2, Tagged(), cancellationToken);
        await Task.WhenAll(keyPairs, vpcs, subnets, gateways, tables, groups, addresses, instances).ConfigureAwait(false);
        return new RegionInventory(
            ec2.AwsRegion,
            (await keyPairs.ConfigureAwait(false)).KeyPairs ?? [],
            (await vpcs.ConfigureAwait(false)).Vpcs ?? [],
            (await subnets.ConfigureAwait(false)).Subnets ?? [],
            (await gateways.ConfigureAwait(false)).InternetGateways ?? [],
            (await tables.ConfigureAwait(false)).RouteTables ?? [],
            (await groups.ConfigureAwait(false)).SecurityGroups ?? [],
            (await addresses.ConfigureAwait(false)).Addresses ?? [],
            await instances.ConfigureAwait(false));
    }

    /// <summary>Instances not terminated, with each one's plan id; terminated ones are gone for every purpose of Meridian's.</summary>
    public IEnumerable<Instance> LiveInstances => Instances.Where(i => i.State?.Name?.Value is not ("terminated" or "shutting-down"));

    public KeyPairInfo? KeyPair(string planId) => KeyPairs.FirstOrDefault(k => PlanIdOf(k.Tags) == planId);

    public Vpc? Vpc(string planId) => Vpcs.FirstOrDefault(v => PlanIdOf(v.Tags) == planId);

    public Subnet? Subnet(string planId) => Subnets.FirstOrDefault(s => PlanIdOf(s.Tags) == planId);

    public InternetGateway? Gateway(string planId) => Gateways.FirstOrDefault(g => PlanIdOf(g.Tags) == planId);

    public RouteTable? RouteTable(string planId) => RouteTables.FirstOrDefault(t => PlanIdOf(t.Tags) == planId);

    public SecurityGroup? SecurityGroup(string planId) => SecurityGroups.FirstOrDefault(g => PlanIdOf(g.Tags) == planId);

    public Address? Address(string planId) => Addresses.FirstOrDefault(a => PlanIdOf(a.Tags) == planId);

    public Instance? Instance(string planId) => LiveInstances.FirstOrDefault(i => PlanIdOf(i.Tags) == planId);

    /// <summary>The inventory as the pure diff reads it (<see cref="CloudDiff"/>).</summary>
    public IEnumerable<ObservedResource> Observed()
    {
        foreach (var k in KeyPairs)
        {
            yield return new(CloudResourceKind.KeyPair, AwsRegion, k.KeyPairId ?? k.KeyName, PlanIdOf(k.Tags), "available");
        }

        foreach (var v in Vpcs)
        {
            yield return new(CloudResourceKind.Vpc, AwsRegion, v.VpcId, PlanIdOf(v.Tags), v.State?.Value ?? "available");
        }

        foreach (var s in Subnets)
        {
            yield return new(CloudResourceKind.Subnet, AwsRegion, s.SubnetId, PlanIdOf(s.Tags), s.State?.Value ?? "available");
        }

        foreach (var g in Gateways)
        {
            yield return new(CloudResourceKind.InternetGateway, AwsRegion, g.InternetGatewayId, PlanIdOf(g.Tags), "available");
        }

        foreach (var t in RouteTables)
        {
            yield return new(CloudResourceKind.RouteTable, AwsRegion, t.RouteTableId, PlanIdOf(t.Tags), "available");
        }

        foreach (var g in SecurityGroups)
        {
            yield return new(CloudResourceKind.SecurityGroup, AwsRegion, g.GroupId, PlanIdOf(g.Tags), "available");
        }

        foreach (var a in Addresses)
        {
            yield return new(CloudResourceKind.Address, AwsRegion, a.AllocationId, PlanIdOf(a.Tags), "available");
        }

        foreach (var i in Instances)
        {
            yield return new(CloudResourceKind.Instance, AwsRegion, i.InstanceId, PlanIdOf(i.Tags), i.State?.Name?.Value ?? "pending");
        }
    }

    public static string? PlanIdOf(IEnumerable<Tag>? tags) => tags?.FirstOrDefault(t => t.Key == CloudTags.PlanId)?.Value;

    private static async Task<IReadOnlyList<Instance>> InstancesAsync(Ec2Region ec2, List<Filter> filters, CancellationToken cancellationToken)
    {
        var instances = new List<Instance>();
        string? next = null;
        do
        {
            var token = next;
            var page = await ec2.CallAsync("describe instances", (c, ct) => c.DescribeInstancesAsync(new DescribeInstancesRequest { Filters = filters, NextToken = token }, ct), cancellationToken).ConfigureAwait(false);
            instances.AddRange((page.Reservations ?? []).SelectMany(r => r.Instances ?? []));
            next = page.NextToken;
        }
        while (!string.IsNullOrEmpty(next));

        return instances;
    }
}
