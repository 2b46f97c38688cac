using Meridian.Core.Benchmarks;

namespace Meridian.Core.Tests.Benchmarks;

public sealed class ScrapeTimingsTests
{
    [Theory]
    [InlineData("", new double[0], 0)]
    [InlineData("0.003412 200 m\n0.010000 200 m\n", new[] { 3.412, 10.0 }, 0)]
    [InlineData("0.003412 200 m\n2.001234 000 m\n0.004 503 m\n", new[] { 3.412 }, 2)]
    [InlineData("  0.5 200 m  \n\n0.2 200\n", new[] { 500.0 }, 0)]
    [InlineData("0.001 200 h\n0.002 200 m\n0.003 503 h\nx m\n", new[] { 2.0 }, 1)]
    public void Given_curl_write_out_lines_When_parsed_Then_the_tags_200s_are_samples_and_its_other_lines_failures(string output, double[] millis, int failures)
    {
        var timings = ScrapeTimings.Parse(output, "m");

        Assert.Equal(millis, timings.Samples.Select(s => Math.Round(s.TotalMilliseconds, 3)));
        Assert.Equal(failures, timings.Failures);
    }
}
