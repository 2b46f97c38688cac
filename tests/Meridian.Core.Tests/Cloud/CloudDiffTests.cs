using Meridian.Core.Cloud;

namespace Meridian.Core.Tests.Cloud;

/// <summary><see cref="CloudDiff"/>: adopt by kind, AWS region and plan id; create what is missing; delete what nothing adopts.</summary>
public sealed class CloudDiffTests
{
    private static readonly CloudPlan Desired = CloudFixture.Plan();

    /// <summary>Every desired resource as EC2 would report it after a complete `up`.</summary>
    private static List<ObservedResource> Complete() =>
    [
        .. Desired.Regions.SelectMany(r => r.Resources.Select((x, i) => new ObservedResource(x.Kind, r.AwsRegion, $"{Prefix(x.Kind)}-{r.Region}-{i:D2}", x.PlanId, x.Kind == CloudResourceKind.Instance ? "running" : "available"))),
    ];

    [Fact]
    public void Given_nothing_exists_When_diffed_Then_every_desired_resource_is_created_in_plan_order()
    {
        var changes = CloudDiff.Diff(Desired, []);

        Assert.All(changes, c => Assert.Equal(CloudChangeAction.Create, c.Action));
        Assert.Equal(Desired.Regions.SelectMany(r => r.Resources.Select(x => x.PlanId)), changes.Select(c => c.PlanId));
        Assert.All(changes, c => Assert.Null(c.Id));
    }

    [Fact]
    public void Given_everything_exists_When_diffed_Then_everything_is_kept_with_its_id_and_nothing_else_happens()
    {
        var observed = Complete();

        var changes = CloudDiff.Diff(Desired, observed);

        Assert.All(changes, c => Assert.Equal(CloudChangeAction.Keep, c.Action));
        Assert.Equal(observed.Select(o => o.Id), changes.Select(c => c.Id));
    }

    public static TheoryData<string, Func<List<ObservedResource>, List<ObservedResource>>, string> Cases => new()
    {
        // what, how the observed list differs from a complete `up`, the expected changes other than Keep ("action plan-id id")
        { "a crashed up: the instances were never created", o => [.. o.Where(x => x.Kind != CloudResourceKind.Instance || !x.PlanId!.StartsWith("west/", StringComparison.Ordinal))], "Create west/instance/west-vpn -|Create west/instance/west-db1 -" },
        { "a terminated instance counts as absent", o => [.. o.Select(x => x.PlanId == "west/instance/west-db1" ? x with { State = "terminated" } : x)], "Create west/instance/west-db1 -" },
        { "a resource in another AWS region is not adopted", o => [.. o.Select(x => x.PlanId == "west/vpc" ? x with { AwsRegion = "us-west-1" } : x)], "Create west/vpc -|Delete west/vpc vpc-west-01" },
        { "a resource of another kind with the plan id is not adopted", o => [.. o.Where(x => x.PlanId != "west/subnet"), new(CloudResourceKind.Vpc, "us-west-2", "vpc-odd", "west/subnet", "available")], "Create west/subnet -|Delete west/subnet vpc-odd" },
        { "a tagged resource without plan id is deleted", o => [.. o, new(CloudResourceKind.SecurityGroup, "us-west-2", "sg-stray", null, "available")], "Delete  sg-stray" },
        { "a region taken out of the spec is deleted", o => [.. o, new(CloudResourceKind.Vpc, "eu-west-1", "vpc-gone", "old/vpc", "available"), new(CloudResourceKind.Instance, "eu-west-1", "i-gone", "old/instance/old-vpn", "running")], "Delete old/instance/old-vpn i-gone|Delete old/vpc vpc-gone" },
        { "a duplicate keeps the smallest id and deletes the other", o => [.. o, new(CloudResourceKind.Address, "us-east-1", "eipalloc-zz", "us-east-1/eip", "available")], "Delete us-east-1/eip eipalloc-zz" },
        { "a gone resource that is not desired is ignored", o => [.. o, new(CloudResourceKind.Instance, "us-west-2", "i-old", "west/instance/west-db9", "terminated")], "" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Given_observed_resources_When_diffed_Then_only_the_differences_are_created_or_deleted(string what, Func<List<ObservedResource>, List<ObservedResource>> change, string expected)
    {
        var changes = CloudDiff.Diff(Desired, change(Complete()));

        var actual = changes.Where(c => c.Action != CloudChangeAction.Keep).Select(c => $"{c.Action} {c.PlanId} {c.Id ?? "-"}");
        Assert.True(string.Join("|", actual) == expected, $"{what}: got {string.Join("|", actual)}");
        Assert.Equal(Desired.Regions.Sum(r => r.Resources.Length), changes.Count(c => c.Action != CloudChangeAction.Delete));
    }

    [Fact]
    public void Given_a_deletion_without_plan_id_When_diffed_Then_its_region_is_the_planned_one_in_that_AWS_region()
    {
        var change = CloudDiff.Diff(Desired, [new(CloudResourceKind.SecurityGroup, "us-west-2", "sg-stray", null, "available")]).Single(c => c.Action == CloudChangeAction.Delete);

        Assert.Equal(("west", "us-west-2", string.Empty), (change.Region, change.AwsRegion, change.PlanId));
    }

    [Fact]
    public void Given_resources_of_every_kind_When_destroyed_Then_they_are_deleted_in_dependency_order_then_region_and_gone_ones_are_left_out()
    {
        var observed = Complete();
        observed.Add(new(CloudResourceKind.Instance, "us-east-1", "i-dead", "us-east-1/instance/old", "terminated"));
        observed.Add(new(CloudResourceKind.PeeringConnection, "us-east-1", "pcx-1", "us-east-1/peering/west", "active"));

        var changes = CloudDiff.Destroy(observed);

        Assert.Equal(observed.Count - 1, changes.Length);
        Assert.All(changes, c => Assert.Equal(CloudChangeAction.Delete, c.Action));
        Assert.DoesNotContain(changes, c => c.Id == "i-dead");
        var ranks = changes.Select(c => CloudOrder.Destroy.IndexOf(c.Kind)).ToList();
        Assert.Equal(ranks.Order(), ranks);
        Assert.Equal(
            ["ap-northeast-1-arb", "ap-northeast-1-vpn", "us-east-1-db1", "us-east-1-db2", "us-east-1-vpn", "west-db1", "west-vpn"],
            changes.Where(c => c.Kind == CloudResourceKind.Instance).Select(c => c.PlanId.Split('/')[2]));
        Assert.Equal(["ap-northeast-1", "ap-northeast-1", "us-east-1", "us-east-1", "us-east-1", "west", "west"], changes.Where(c => c.Kind == CloudResourceKind.Instance).Select(c => c.Region));
        Assert.Equal(CloudResourceKind.KeyPair, changes[^1].Kind);
    }

    [Fact]
    public void Given_nothing_tagged_When_destroyed_Then_there_is_nothing_to_do()
    {
        Assert.Empty(CloudDiff.Destroy([new(CloudResourceKind.Vpc, "us-east-1", "vpc-1", "a/vpc", "deleted")]));
    }

    [Theory]
    [InlineData("us-east-1/vpc", "vpc 10.0.1.0/24")]
    [InlineData("us-east-1/key-pair", "key pair meridian-prod")]
    [InlineData("us-east-1/igw", "internet gateway")]
    [InlineData("us-east-1/routes", "route table (3 routes)")]
    [InlineData("us-east-1/sg/ssh", "security group meridian-prod-ssh (1 rule)")]
    [InlineData("us-east-1/sg/mesh", "security group meridian-prod-mesh (24 rules)")]
    [InlineData("us-east-1/eip", "elastic ip for us-east-1-vpn")]
    [InlineData("us-east-1/instance/us-east-1-db1", "instance us-east-1-db1 t3.medium 10.0.1.20")]
    public void Given_a_desired_resource_When_diffed_Then_its_summary_says_what_it_is_in_a_few_words(string planId, string summary)
    {
        Assert.Equal(summary, CloudDiff.Diff(Desired, []).Single(c => c.PlanId == planId).Summary);
    }

    private static string Prefix(CloudResourceKind kind) => kind switch
    {
        CloudResourceKind.Instance => "i",
        CloudResourceKind.Address => "eipalloc",
        CloudResourceKind.SecurityGroup => "sg",
        CloudResourceKind.KeyPair => "key",
        CloudResourceKind.InternetGateway => "igw",
        CloudResourceKind.RouteTable => "rtb",
        CloudResourceKind.PeeringConnection => "pcx",
        _ => kind.ToString().ToLowerInvariant(),
    };
}
