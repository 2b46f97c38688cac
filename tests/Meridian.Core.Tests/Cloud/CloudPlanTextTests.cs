using Meridian.Core.Cloud;

namespace Meridian.Core.Tests.Cloud;

/// <summary><see cref="CloudPlanText"/>: `meridian plan`'s terraform-like text.</summary>
public sealed class CloudPlanTextTests
{
    [Fact]
    public void Given_a_first_up_When_rendered_Then_each_region_lists_its_creations_and_the_count_closes()
    {
        var text = CloudPlanText.Render(CloudDiff.Diff(CloudFixture.Plan(), []));

        var lines = text.Split('\n');
        Assert.Equal("us-east-1 (aws us-east-1):", lines[0]);
        Assert.Equal("  + key pair us-east-1/key-pair meridian-prod", lines[1]);
        Assert.Equal("  + vpc us-east-1/vpc 10.0.1.0/24", lines[2]);
        Assert.Contains("  + internet gateway us-east-1/igw\n", text, StringComparison.Ordinal);
        Assert.Contains("  + security group us-east-1/sg/mesh meridian-prod-mesh (24 rules)\n", text, StringComparison.Ordinal);
        Assert.Contains("  + instance west/instance/west-db1 west-db1 m6i.large 10.0.2.20\n", text, StringComparison.Ordinal);
        Assert.Contains("\nwest (aws us-west-2):\n", text, StringComparison.Ordinal);
        Assert.EndsWith("\nPlan: 37 to add, 0 to change, 0 to destroy.\n", text, StringComparison.Ordinal);
    }

    public static TheoryData<string, CloudChange[], string> Cases => new()
    {
        { "nothing at all", [], "No changes. 0 resources exist as planned.\n" },
        {
            "everything kept",
            [new(CloudChangeAction.Keep, "a", "us-east-1", CloudResourceKind.Vpc, "a/vpc", "vpc-1", "vpc 10.0.1.0/24")],
            "a (aws us-east-1):\n  = vpc a/vpc 10.0.1.0/24 (vpc-1)\n\nNo changes. 1 resource exists as planned.\n"
        },
        {
            "a create, a keep and deletes in two regions, one without plan id",
            [
                new(CloudChangeAction.Keep, "a", "us-east-1", CloudResourceKind.Vpc, "a/vpc", "vpc-1", "vpc 10.0.1.0/24"),
                new(CloudChangeAction.Create, "a", "us-east-1", CloudResourceKind.Instance, "a/instance/a-db1", null, "instance a-db1 t3.medium 10.0.1.20"),
                new(CloudChangeAction.Delete, "old", "eu-west-1", CloudResourceKind.Instance, "old/instance/old-vpn", "i-9", "instance"),
                new(CloudChangeAction.Delete, "a", "us-east-1", CloudResourceKind.SecurityGroup, string.Empty, "sg-7", "security group"),
            ],
            "a (aws us-east-1):\n  = vpc a/vpc 10.0.1.0/24 (vpc-1)\n  + instance a/instance/a-db1 a-db1 t3.medium 10.0.1.20\n  - security group (no plan-id tag) (sg-7)\n\n" +
            "old (aws eu-west-1):\n  - instance old/instance/old-vpn (i-9)\n\nPlan: 1 to add, 0 to change, 2 to destroy.\n"
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Given_changes_When_rendered_Then_the_text_is_exactly_this(string what, CloudChange[] changes, string expected)
    {
        Assert.True(CloudPlanText.Render(changes) == expected, $"{what}:\n{CloudPlanText.Render(changes)}");
    }

    [Fact]
    public void Given_a_destroy_When_rendered_Then_every_line_is_a_deletion_with_its_id()
    {
        var observed = CloudFixture.Plan().Regions.SelectMany(r => r.Resources.Select((x, i) => new ObservedResource(x.Kind, r.AwsRegion, $"id-{r.Region}-{i}", x.PlanId, "available"))).ToList();

        var text = CloudPlanText.Render(CloudDiff.Destroy(observed));

        Assert.All(text.Split('\n').Where(l => l.StartsWith("  ", StringComparison.Ordinal)), l => Assert.Matches(@"^  - .+ \(id-[a-z0-9-]+\)$", l));
        Assert.EndsWith("Plan: 0 to add, 0 to change, 37 to destroy.\n", text, StringComparison.Ordinal);
    }
}
