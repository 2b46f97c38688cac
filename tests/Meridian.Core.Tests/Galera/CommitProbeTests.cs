using Meridian.Core.Galera;

namespace Meridian.Core.Tests.Galera;

public sealed class CommitProbeTests
{
    [Fact]
    public void Given_a_node_When_the_probe_sql_is_built_Then_it_times_the_replace_inside_the_server_with_sysdate()
    {
        var sql = CommitProbe.ProbeSql("us-east-1-db1");

        var lines = sql.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(
            [
                "SET @meridian_t0 = SYSDATE(6);",
                "REPLACE INTO meridian.commit_probe (node, written_at) VALUES ('us-east-1-db1', @meridian_t0);",
                "SELECT TIMESTAMPDIFF(MICROSECOND, @meridian_t0, SYSDATE(6));",
            ],
            lines);
        Assert.DoesNotContain("NOW(", sql, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("a'b", "'a''b'")]
    [InlineData("a\\b", "'a\\\\b'")]
    public void Given_a_name_with_quotes_When_the_probe_sql_is_built_Then_the_literal_is_escaped(string node, string literal)
    {
        Assert.Contains($"VALUES ({literal}, @meridian_t0)", CommitProbe.ProbeSql(node), StringComparison.Ordinal);
    }

    [Fact]
    public void Given_the_setup_When_read_Then_it_is_idempotent_and_outside_the_app_database()
    {
        Assert.Contains("CREATE DATABASE IF NOT EXISTS meridian;", CommitProbe.SetupSql, StringComparison.Ordinal);
        Assert.Contains("CREATE TABLE IF NOT EXISTS meridian.commit_probe (node VARCHAR(64) NOT NULL PRIMARY KEY", CommitProbe.SetupSql, StringComparison.Ordinal);
        Assert.Contains("ENGINE=InnoDB", CommitProbe.SetupSql, StringComparison.Ordinal);
    }

    [Fact]
    public void Given_the_existence_check_When_read_Then_it_asks_information_schema_for_the_table()
    {
        Assert.Equal(
            "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'meridian' AND TABLE_NAME = 'commit_probe';\n",
            CommitProbe.ExistsSql);
    }

    [Theory]
    [InlineData("1\n", true)]
    [InlineData(" 1 \n\n", true)]
    [InlineData("0\n", false)]
    [InlineData("", false)]
    [InlineData("ERROR 2002 (HY000): Can't connect\n", false)]
    public void Given_existence_output_When_parsed_Then_only_1_means_the_table_exists(string output, bool exists)
    {
        Assert.Equal(exists, CommitProbe.ParseExists(output));
    }

    [Theory]
    [InlineData("163412\n", 0.163412)]
    [InlineData("  5000  \n\n", 0.005)]
    [InlineData("0\n", 0.0)]
    [InlineData("1\n2500000\n", 2.5)]
    public void Given_client_output_When_parsed_Then_the_last_line_is_the_duration_in_seconds(string output, double seconds)
    {
        Assert.Equal(seconds, CommitProbe.ParseSeconds(output)!.Value, 9);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n")]
    [InlineData("-3\n")]
    [InlineData("NULL\n")]
    [InlineData("ERROR 1146 (42S02): Table 'meridian.commit_probe' doesn't exist\n")]
    [InlineData("1.5\n")]
    public void Given_no_duration_When_parsed_Then_it_is_null(string output)
    {
        Assert.Null(CommitProbe.ParseSeconds(output));
    }

    [Fact]
    public void Given_the_buckets_When_read_Then_they_are_the_documented_ones()
    {
        Assert.Equal([0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.125, 0.15, 0.175, 0.2, 0.25, 0.3, 0.4, 0.5, 0.75, 1, 2.5, 5], CommitProbe.BucketBounds);
    }
}
