using Meridian.Cli;

namespace Meridian.Core.Tests.Cli;

/// <summary>`meridian bench wan` refuses bad flags before it builds anything (no lab, no state directory).</summary>
public sealed class BenchWanCliTests
{
    [Theory]
    [InlineData("--configurations", "derived,fast", "unknown configuration 'fast'", "derived, defaults, tutorial")]
    [InlineData("--configurations", ",", "--configurations is empty", "--configurations derived,defaults")]
    [InlineData("--clients", "1,0,16", "'0' is not a client count", "--clients 1,4,16,64")]
    [InlineData("--clients", "four", "'four' is not a client count", "--clients 1,4,16,64")]
    [InlineData("--duration", "soon", "--duration 'soon' is not a duration", "--duration 10s")]
    [InlineData("--cluster-prefix", "Bench_1", "--cluster-prefix 'Bench_1'", "at most 11 characters")]
    [InlineData("--probe-count", "0", "--probe-count 0 is outside 1–10000", "pass --probe-count between 1 and 10000")]
    public void Given_a_bad_flag_When_bench_wan_runs_Then_it_says_what_and_how_to_fix_and_exits_2(string option, string value, string what, string fix)
    {
        var run = CliRun.Of("bench", "wan", option, value);

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Contains(what, run.Error, StringComparison.Ordinal);
        Assert.Contains(fix, run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.All, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(LabTarget.StateRoot, "wp-der")));
    }
}
