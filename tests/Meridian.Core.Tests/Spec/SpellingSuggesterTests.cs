using Meridian.Core.Spec.Loading;

namespace Meridian.Core.Tests.Spec;

public sealed class SpellingSuggesterTests
{
    private static readonly string[] RootKeys = ["cluster", "provider", "regions", "wan", "galera", "database"];

    [Theory]
    [InlineData("regoins", "regions")]
    [InlineData("clsuter", "cluster")]
    [InlineData("Cluster", "cluster")]
    [InlineData("databse", "database")]
    [InlineData("gallera", "galera")]
    [InlineData("wna", "wan")]
    public void Given_a_typo_When_suggesting_Then_the_intended_key_is_offered(string typed, string expected)
    {
        Assert.Equal(expected, SpellingSuggester.Closest(typed, RootKeys));
    }

    [Theory]
    [InlineData("monitoring")]
    [InlineData("x")]
    [InlineData("backup")]
    public void Given_a_word_unlike_any_key_When_suggesting_Then_nothing_is_offered(string typed)
    {
        Assert.Null(SpellingSuggester.Closest(typed, RootKeys));
    }

    [Theory]
    [InlineData("ab", "ba", 1)]
    [InlineData("abc", "abc", 0)]
    [InlineData("kitten", "sitting", 3)]
    [InlineData("", "abc", 3)]
    public void Given_two_strings_When_measuring_Then_adjacent_transpositions_cost_one(string a, string b, int distance)
    {
        Assert.Equal(distance, SpellingSuggester.Distance(a, b));
    }
}
