using Meridian.Core.Hosts;

namespace Meridian.Core.Tests.Hosts;

public sealed class DependencyOrderTests
{
    /// <summary>"a" depends on nothing, "b:a" on a, "c:a,b" on a and b.</summary>
    private static List<DaemonDefinition> Declare(params string[] daemons) =>
        [.. daemons.Select(d => d.Split(':')).Select(p => new DaemonDefinition(p[0], "/bin/true")
        {
            DependsOn = p.Length > 1 ? [.. p[1].Split(',')] : [],
        })];

    [Theory]
    [InlineData("a b c", "a b c")]
    [InlineData("b:a a", "a b")]
    [InlineData("c:b b:a a", "a b c")]
    [InlineData("haproxy charon", "haproxy charon")]
    [InlineData("mariadbd:etcd garbd:etcd etcd", "etcd mariadbd garbd")]
    [InlineData("d:b,c c:a b:a a", "a c b d")]
    [InlineData("x:a,a a", "a x")]
    public void Given_declared_dependencies_When_ordered_Then_each_daemon_starts_after_its_dependencies_and_ties_keep_declaration_order(string declared, string expected)
    {
        var order = DependencyOrder.StartOrder(Declare(declared.Split(' ')));

        Assert.Equal(expected.Split(' '), order.Select(d => d.Name));
        Assert.Equal(expected.Split(' ').Reverse(), DependencyOrder.StopOrder(Declare(declared.Split(' '))).Select(d => d.Name));
    }

    [Theory]
    [InlineData("a:a", "a → a")]
    [InlineData("a:b b:a", "a → b → a")]
    [InlineData("x a:c b:a c:b", "a → c → b → a")]
    [InlineData("ok a:b b:c c:a,ok", "a → b → c → a")]
    public void Given_a_cycle_When_ordered_Then_it_is_refused_naming_the_cycle(string declared, string cycle)
    {
        var error = Assert.Throws<DaemonSetException>(() => DependencyOrder.StartOrder(Declare(declared.Split(' '))));

        Assert.Contains($"cycle: {cycle}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Given_an_unknown_dependency_When_ordered_Then_it_is_refused_naming_both()
    {
        var error = Assert.Throws<DaemonSetException>(() => new HostDaemonSet("h", Declare("haproxy:charon")));

        Assert.Equal("haproxy depends on 'charon', which this host does not declare", error.Message);
    }

    [Fact]
    public void Given_two_daemons_with_one_name_When_ordered_Then_it_is_refused()
    {
        var error = Assert.Throws<DaemonSetException>(() => new HostDaemonSet("h", Declare("etcd", "etcd")));

        Assert.Equal("two daemons are named 'etcd'", error.Message);
    }

    [Fact]
    public void Given_a_set_When_asked_for_dependents_Then_only_direct_ones_are_named()
    {
        var set = new HostDaemonSet("h", Declare("c:b", "b:a", "a"));

        Assert.Equal(["b"], set.DependentsOf("a").Select(d => d.Name));
        Assert.Equal(["c", "b", "a"], set.StopOrder.Select(d => d.Name));
    }
}
