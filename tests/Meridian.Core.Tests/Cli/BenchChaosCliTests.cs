using Meridian.Cli;

namespace Meridian.Core.Tests.Cli;

/// <summary>`meridian bench chaos` refuses bad flags before it looks for a lab or injects anything.</summary>
public sealed class BenchChaosCliTests
{
    [Theory]
    [InlineData("--overlap", "1.5", "--overlap 1.5 is not a chance", "from 0 to 1")]
    [InlineData("--duration", "soon", "--duration 'soon' is not a duration", "--duration 10s")]
    [InlineData("--bound", "never", "--bound 'never' is not a duration", "--bound 10s")]
    [InlineData("--faults", "kill-node,kill-everything", "unknown fault 'kill-everything'", "crash-all")]
    public void Given_a_bad_flag_When_bench_chaos_runs_Then_it_says_what_and_how_to_fix_and_exits_2(string option, string value, string what, string fix)
    {
        var run = CliRun.Of("bench", "chaos", option, value);

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Contains(what, run.Error, StringComparison.Ordinal);
        Assert.Contains(fix, run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.All, StringComparison.Ordinal);
    }
}
