using System.Text.Json;
using Meridian.Cli;

namespace Meridian.Core.Tests.Cli;

public sealed class CliCommandTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("meridian-cli-").FullName;

    private static string Example(string name) =>
        Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "examples", name);

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public void Given_the_example_When_validated_Then_topology_and_quorum_are_printed()
    {
        var run = CliRun.Of("validate", Example("three-regions.yaml"));

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("us-east-1", run.Out, StringComparison.Ordinal);
        Assert.Contains("192.168.3.20", run.Out, StringComparison.Ordinal);
        Assert.Contains("keeps Primary", run.Out, StringComparison.Ordinal);
        Assert.Contains("127.0.0.1:3308", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Given_two_equal_regions_When_validated_Then_it_warns_that_losing_one_stops_writes()
    {
        var spec = Write("two.yaml", "cluster: two\nregions:\n  - name: a\n    cidr: 192.168.1.0/24\n  - name: b\n    cidr: 192.168.2.0/24\nwan:\n  rtt:\n    a~b: 20ms\n");

        var run = CliRun.Of("validate", spec);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("loses Primary", run.Out, StringComparison.Ordinal);
        Assert.Contains("warning:", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Given_json_format_When_validated_Then_stdout_is_only_json()
    {
        var run = CliRun.Of("validate", Example("two-regions-arbitrator.yaml"), "--format", "json");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal(string.Empty, run.Out);
        using var document = JsonDocument.Parse(run.Json);
        Assert.True(document.RootElement.GetProperty("valid").GetBoolean());
        Assert.True(document.RootElement.GetProperty("quorum").GetProperty("survivesAnySingleRegionLoss").GetBoolean());
        Assert.Equal(3, document.RootElement.GetProperty("topology").GetArrayLength());
    }

    [Fact]
    public void Given_a_broken_spec_When_validated_as_json_Then_diagnostics_carry_line_and_column()
    {
        var spec = Write("broken.yaml", "cluster: ok\nregions:\n  - name: a\n    cidr: 192.168.1.0/24\n    nodez: 1\n  - name: b\n    cidr: 192.168.1.0/24\n");

        var run = CliRun.Of("validate", spec, "--format", "json");

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        using var document = JsonDocument.Parse(run.Json);
        var diagnostics = document.RootElement.GetProperty("diagnostics").EnumerateArray().ToList();
        Assert.Contains(diagnostics, d => d.GetProperty("code").GetString() == "MRD010" && d.GetProperty("line").GetInt32() == 5 && d.GetProperty("column").GetInt32() == 5);
        Assert.Contains(diagnostics, d => d.GetProperty("code").GetString() == "MRD032");
    }

    [Theory]
    [InlineData("cluster: [unclosed\n")]
    [InlineData("")]
    [InlineData("cluster: x\nregions: 5\n")]
    [InlineData("- just\n- a list\n")]
    [InlineData("cluster: x\nprovider: gcp\nregions:\n  - name: a\n  - name: b\n")]
    [InlineData("cluster: x\nregions:\n  - name: a\n    nodes: 12\n  - name: b\n    nodes: -1\nwan:\n  rtt:\n    a~c: 5000ms\n")]
    public void Given_a_malformed_spec_When_rendered_Then_it_exits_2_with_a_located_error_no_stack_trace_and_writes_nothing(string yaml)
    {
        var spec = Write("bad.yaml", yaml);
        var output = Path.Combine(directory, "out");

        var run = CliRun.Of("render", spec, "--out", output);

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Matches(@"bad\.yaml(:\d+:\d+)?: error MRD\d{3}", run.Error);
        Assert.DoesNotContain("   at ", run.All, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", run.All, StringComparison.Ordinal);
        Assert.False(Directory.Exists(output));
    }

    [Fact]
    public void Given_a_missing_file_When_validated_Then_it_says_so_without_a_stack_trace()
    {
        var run = CliRun.Of("validate", Path.Combine(directory, "nope.yaml"));

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Contains("nope.yaml", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.All, StringComparison.Ordinal);
    }

    [Fact]
    public void Given_an_unknown_flag_Then_the_exit_code_is_non_zero()
    {
        var run = CliRun.Of("validate", "--formatt", "json");

        Assert.NotEqual(ExitCodes.Success, run.ExitCode);
    }

    [Fact]
    public void Given_init_When_the_written_spec_is_validated_Then_it_is_the_default_cluster()
    {
        var spec = Path.Combine(directory, "meridian.yaml");

        Assert.Equal(ExitCodes.Success, CliRun.Of("init", "--out", spec).ExitCode);
        Assert.Equal(ExitCodes.InvalidInput, CliRun.Of("init", "--out", spec).ExitCode);
        var run = CliRun.Of("validate", spec, "--format", "json");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        using var document = JsonDocument.Parse(run.Json);
        Assert.Equal(["us-east-1", "us-west-2", "ap-northeast-1"], document.RootElement.GetProperty("topology").EnumerateArray().Select(r => r.GetProperty("region").GetString()));
    }

    private string Write(string name, string content)
    {
        var path = Path.Combine(directory, name);
        File.WriteAllText(path, content);
        return path;
    }
}
