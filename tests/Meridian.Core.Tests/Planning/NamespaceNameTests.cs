using Meridian.Core.Planning;
using Meridian.Core.Spec;

namespace Meridian.Core.Tests.Planning;

/// <summary>Namespace names cannot collide across clusters, and `up` adopts no namespace it did not record (docs/lab.md, "Names").</summary>
public sealed class NamespaceNameTests
{
    private static ClusterPlan PlanOf(string cluster, string region) =>
        Planner.Plan(SpecLoader.Parse(
            $"cluster: {cluster}\nregions: [{{name: {region}}}, {{name: z}}]\nwan: {{rtt: {{{region}~z: 5ms}}}}\n", "spec.yaml").Spec
            ?? throw new InvalidOperationException("spec does not load"));

    [Fact]
    public void Given_cluster_a_with_region_b_c_and_cluster_a_b_with_region_c_When_planned_Then_no_namespace_is_shared()
    {
        var first = PlanOf("a", "b-c").Hosts.Select(h => h.Namespace).ToHashSet(StringComparer.Ordinal);
        var second = PlanOf("a-b", "c").Hosts.Select(h => h.Namespace).ToHashSet(StringComparer.Ordinal);

        Assert.Contains("mrd-a--b-c-db1", first);
        Assert.Contains("mrd-a-b--c-db1", second);
        Assert.Empty(first.Intersect(second));
    }

    [Fact]
    public void Given_two_clusters_where_one_name_prefixes_the_other_When_prefixed_Then_the_prefix_matches_only_its_own()
    {
        var prefix = Planner.NamespaceName("a", string.Empty);

        Assert.Equal("mrd-a--", prefix);
        Assert.All(PlanOf("a-b", "c").Hosts, h => Assert.DoesNotMatch($"^{prefix}", h.Namespace));
        Assert.All(PlanOf("a", "b-c").Hosts, h => Assert.StartsWith(prefix, h.Namespace, StringComparison.Ordinal));
    }

    [Fact]
    public void Given_the_longest_names_When_planned_Then_namespaces_keep_the_mrd_prefix_and_fit_a_file_name()
    {
        var plan = PlanOf(new string('c', 16), new string('r', 24));

        Assert.All(plan.Hosts, h =>
        {
            Assert.StartsWith("mrd-", h.Namespace, StringComparison.Ordinal);
            Assert.InRange(h.Namespace.Length, 1, 255);
        });
    }

    [Fact]
    public void Given_an_existing_namespace_not_in_the_state_file_When_checked_Then_it_is_foreign()
    {
        var foreign = NamespaceOwnership.Foreign(
            ["mrd-a--x-vpn", "mrd-a--x-db1", "mrd-a--y-vpn"],
            new HashSet<string>(["mrd-a--x-vpn", "mrd-a--x-db1", "mrd-other--q"], StringComparer.Ordinal),
            ["mrd-a--x-vpn"]);

        Assert.Equal(["mrd-a--x-db1"], foreign.AsEnumerable());
    }

    [Fact]
    public void Given_namespaces_that_exist_and_are_recorded_or_do_not_exist_When_checked_Then_none_is_foreign()
    {
        Assert.Empty(NamespaceOwnership.Foreign(
            ["mrd-a--x-vpn", "mrd-a--y-vpn"],
            new HashSet<string>(["mrd-a--x-vpn"], StringComparer.Ordinal),
            ["mrd-a--x-vpn", "mrd-a--y-vpn"]));
    }
}
