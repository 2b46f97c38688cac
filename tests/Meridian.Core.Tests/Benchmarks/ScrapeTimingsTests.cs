using Meridian.Core.Benchmarks;

namespace Meridian.Core.Tests.Benchmarks;

public sealed class ScrapeTimingsTests
{
    [Theory]
    [InlineData("", new double[0], 0)]
    [InlineData("0.003412 200\n0.010000 200\n", new[] { 3.412, 10.0 }, 0)]
    [InlineData("0.003412 200\n2.001234 000\n0.004 503\n", new[] { 3.412 }, 2)]
    [InlineData("  0.5 200  \n\nfail\n", new[] { 500.0 }, 1)]
    public void Given_curl_write_out_lines_When_parsed_Then_200s_are_samples_and_the_rest_failures(string output, double[] millis, int failures)
    {
        var timings = ScrapeTimings.Parse(output);

        Assert.Equal(millis, timings.Samples.Select(s => Math.Round(s.TotalMilliseconds, 3)));
        Assert.Equal(failures, timings.Failures);
    }
}
