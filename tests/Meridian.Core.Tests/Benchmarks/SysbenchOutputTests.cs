using Meridian.Core.Benchmarks;

namespace Meridian.Core.Tests.Benchmarks;

public sealed class SysbenchOutputTests
{
    [Fact]
    public void Given_a_one_client_insert_report_When_parsed_Then_every_field_is_read()
    {
        var result = SysbenchOutput.Parse(SysbenchFixtures.InsertOneClient);

        Assert.Equal(new SysbenchResult(1, 10.0118, 1406, 140.42, 1406, 0, 0, 157.69, 158.68, 161.51, 176.31), result);
    }

    [Fact]
    public void Given_interim_interval_lines_and_ignored_deadlocks_When_parsed_Then_the_cumulative_figures_win()
    {
        var result = SysbenchOutput.Parse(SysbenchFixtures.WriteOnly64ClientsWithIntervals);

        Assert.Equal(new SysbenchResult(64, 20.3227, 7725, 380.12, 46410, 19, 0, 158.02, 167.91, 176.73, 412.77), result);
    }

    [Fact]
    public void Given_no_completed_event_When_parsed_Then_rates_and_the_95th_percentile_are_zero()
    {
        var result = SysbenchOutput.Parse(SysbenchFixtures.NoEvents);

        Assert.Equal(new SysbenchResult(4, 10.0021, 0, 0, 0, 0, 0, 0, 0, 0, 0), result);
    }

    [Fact]
    public void Given_crlf_line_endings_When_parsed_Then_the_result_is_the_same()
    {
        var result = SysbenchOutput.Parse(SysbenchFixtures.InsertOneClient.Replace("\n", "\r\n", StringComparison.Ordinal));

        Assert.Equal(SysbenchOutput.Parse(SysbenchFixtures.InsertOneClient), result);
    }

    [Theory]
    [InlineData("", "'transactions:'")]
    [InlineData("hello: world\n", "'total time:'")]
    [InlineData(SysbenchFixtures.CpuTest, "missing 'transactions:', 'queries:', 'ignored errors:', 'reconnects:'")]
    [InlineData(SysbenchFixtures.ConnectionRefused, "sysbench said \"FATAL: unable to connect to MySQL server")]
    public void Given_text_that_is_no_oltp_report_When_parsed_Then_a_format_exception_says_what_is_missing(string text, string expected)
    {
        var error = Assert.Throws<FormatException>(() => SysbenchOutput.Parse(text));

        Assert.StartsWith("not a sysbench OLTP report", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Given_a_garbled_number_When_parsed_Then_the_message_names_the_field()
    {
        var text = SysbenchFixtures.InsertOneClient.Replace("157.69", "n/a", StringComparison.Ordinal);

        var error = Assert.Throws<FormatException>(() => SysbenchOutput.Parse(text));

        Assert.Contains("'min:' is not a number", error.Message, StringComparison.Ordinal);
    }
}
