using Meridian.Core.Planning;
using Meridian.Core.Spec;
using static Meridian.Core.Tests.Spec.SpecTestHelpers;

namespace Meridian.Core.Tests.Spec;

public sealed class SpecLoaderImpairmentTests
{
    /// <summary>Three regions with 65/150/100 ms; the caller's lines go under wan, starting at line 13.</summary>
    private static SpecLoadResult LoadWithWan(params string[] wanLines) => Load(
        """
        cluster: demo
        regions:
          - name: us-east-1
          - name: us-west-2
          - name: eu-west-1
        galera:
          durability: safe
        wan:
          rtt:
            us-east-1~us-west-2: 65ms
            us-east-1~eu-west-1: 150ms
            us-west-2~eu-west-1: 100ms

        """ + string.Concat(wanLines.Select(l => $"  {l}\n")));

    private static readonly RegionPair EastWest = new("us-east-1", "us-west-2");
    private static readonly RegionPair EastEu = new("us-east-1", "eu-west-1");
    private static readonly RegionPair WestEu = new("us-west-2", "eu-west-1");

    [Fact]
    public void Given_no_jitter_or_loss_When_loaded_Then_none_is_declared_and_the_plan_has_none()
    {
        var result = LoadWithWan();

        AssertClean(result);
        Assert.True(result.Spec!.Impairments.IsEmpty);
        Assert.True(Planner.Plan(result.Spec).Impairments.IsEmpty);
    }

    [Fact]
    public void Given_one_jitter_and_one_loss_for_every_link_When_loaded_Then_each_pair_gets_them()
    {
        var result = LoadWithWan("jitter: 3ms", "loss: 0.5%");

        AssertClean(result);
        var impairments = result.Spec!.Impairments;
        Assert.All(new[] { EastWest, EastEu, WestEu }, pair =>
        {
            Assert.Equal(TimeSpan.FromMilliseconds(3), impairments.Jitter(pair));
            Assert.Equal(0.005, impairments.Loss(pair), 12);
        });
    }

    [Fact]
    public void Given_a_jitter_in_percent_When_loaded_Then_it_is_that_share_of_each_pairs_rtt()
    {
        var result = LoadWithWan("jitter: 5%", "loss: 0.5");

        AssertClean(result);
        var impairments = result.Spec!.Impairments;
        Assert.Equal(TimeSpan.FromMilliseconds(3.25), impairments.Jitter(EastWest));
        Assert.Equal(TimeSpan.FromMilliseconds(7.5), impairments.Jitter(EastEu));
        Assert.Equal(TimeSpan.FromMilliseconds(5), impairments.Jitter(WestEu));
        Assert.Equal(0.005, impairments.Loss(WestEu), 12);
    }

    [Fact]
    public void Given_per_link_values_When_loaded_Then_only_those_pairs_have_them_and_the_tuning_grows()
    {
        var result = LoadWithWan("jitter:", "  eu-west-1~us-east-1: 30ms", "loss:", "  us-west-2~eu-west-1: 2%");

        AssertClean(result);
        var spec = result.Spec!;
        Assert.Equal(TimeSpan.FromMilliseconds(30), spec.Impairments.Jitter(EastEu));
        Assert.Equal(TimeSpan.Zero, spec.Impairments.Jitter(EastWest));
        Assert.Equal(0.02, spec.Impairments.Loss(WestEu), 12);
        Assert.Equal(0, spec.Impairments.Loss(EastEu));

        var plan = Planner.Plan(spec);
        Assert.Same(spec.Impairments, plan.Impairments);
        Assert.Equal(TimeSpan.FromMilliseconds(3100), plan.Tuning.Galera.SuspectTimeout);
    }

    [Theory]
    [InlineData("jitter: -1ms", DiagnosticCodes.InvalidJitterValue, "negative")]
    [InlineData("jitter: fast", DiagnosticCodes.InvalidJitterValue, "not a jitter")]
    [InlineData("jitter: 5x%", DiagnosticCodes.InvalidJitterValue, "not a jitter")]
    [InlineData("jitter: 40ms", DiagnosticCodes.JitterTooLarge, "not less than half the pair's RTT of 65 ms")]
    [InlineData("jitter: 50%", DiagnosticCodes.JitterTooLarge, "not less than half the pair's RTT")]
    [InlineData("loss: -0.1%", DiagnosticCodes.InvalidLossValue, "between 0 % and 20 %")]
    [InlineData("loss: 100%", DiagnosticCodes.InvalidLossValue, "between 0 % and 20 %")]
    [InlineData("loss: 25", DiagnosticCodes.InvalidLossValue, "between 0 % and 20 %")]
    [InlineData("loss: often", DiagnosticCodes.InvalidLossValue, "not a percentage")]
    public void Given_an_impossible_value_for_every_link_When_loaded_Then_one_located_error_says_why(string line, string code, string message)
    {
        var result = LoadWithWan(line);

        var diagnostic = Single(result, code);
        Assert.Equal(13, diagnostic.Location.Line);
        Assert.Contains(message, diagnostic.Message, StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(diagnostic.Hint));
        Assert.Null(result.Spec);
    }

    [Fact]
    public void Given_a_per_link_jitter_too_large_for_its_pair_When_loaded_Then_the_error_points_at_that_value()
    {
        var result = LoadWithWan("jitter:", "  us-east-1~us-west-2: 10ms", "  us-east-1~eu-west-1: 80ms");

        var diagnostic = Single(result, DiagnosticCodes.JitterTooLarge);
        AssertAt(diagnostic, 15, 26);
        Assert.Contains("'wan.jitter.us-east-1~eu-west-1' is 80 ms", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Given_a_per_link_key_naming_an_unknown_region_When_loaded_Then_MRD051_reports_it_as_for_rtt()
    {
        var result = LoadWithWan("loss:", "  us-east1~us-west-2: 1%");

        var diagnostic = Single(result, DiagnosticCodes.RttUnknownRegion);
        AssertAt(diagnostic, 14, 5);
        Assert.Contains("'wan.loss' key 'us-east1~us-west-2'", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Given_jitter_as_a_list_When_loaded_Then_MRD011_asks_for_a_value_or_a_mapping()
    {
        var diagnostic = Single(LoadWithWan("jitter: [5ms]"), DiagnosticCodes.WrongType);

        Assert.Contains("'wan.jitter' must be one value for every link or a mapping of region pairs to values, not a list", diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains("jitter: 5ms", diagnostic.Hint, StringComparison.Ordinal);
    }
}
