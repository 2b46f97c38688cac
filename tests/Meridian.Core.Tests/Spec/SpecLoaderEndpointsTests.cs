using Meridian.Core.Planning;
using Meridian.Core.Spec;
using static Meridian.Core.Tests.Spec.SpecTestHelpers;

namespace Meridian.Core.Tests.Spec;

/// <summary><c>endpoints.port</c>: the first region's 127.0.0.1 port; the n-th region's is port + n - 1 (docs/spec.md).</summary>
public sealed class SpecLoaderEndpointsTests
{
    private static string ThreeRegions(string endpoints) =>
        $"""
        cluster: demo
        regions:
          - name: a
          - name: b
          - name: c
        wan:
          rtt: {"{a~b: 10, a~c: 10, b~c: 10}"}
        {endpoints}
        """;

    [Fact]
    public void Given_no_endpoints_section_When_planned_Then_the_regions_listen_on_3306_3307_3308()
    {
        var spec = AssertClean(Load(ThreeRegions(string.Empty)));

        Assert.Equal(EndpointsSpec.Default, spec.Endpoints);
        Assert.Equal(3306, spec.Endpoints.Port);
        Assert.Equal([3306, 3307, 3308], Planner.Plan(spec).Regions.Select(r => r.LocalEndpointPort));
    }

    [Theory]
    [InlineData("endpoints:")]
    [InlineData("endpoints: {}")]
    public void Given_an_empty_endpoints_section_When_parsed_Then_the_port_is_the_default(string endpoints)
    {
        var spec = AssertClean(Load(ThreeRegions(endpoints)));

        Assert.Equal(EndpointsSpec.DefaultPort, spec.Endpoints.Port);
    }

    [Fact]
    public void Given_a_custom_port_When_planned_Then_each_region_gets_the_next_port_in_spec_order()
    {
        var spec = AssertClean(Load(ThreeRegions("endpoints:\n  port: 13306")));

        Assert.Equal(13306, spec.Endpoints.Port);
        var plan = Planner.Plan(spec);
        Assert.Equal([13306, 13307, 13308], plan.Regions.Select(r => r.LocalEndpointPort));
        Assert.Equal(3306, plan.Ports.Endpoint); // HAProxy's frontend on each router keeps MariaDB's port
    }

    [Theory]
    [InlineData(1024)]
    [InlineData(65533)] // 65533, 65534, 65535: the last three ports fit exactly
    public void Given_a_port_at_the_edge_of_the_range_When_parsed_Then_it_is_accepted(int port)
    {
        var spec = AssertClean(Load(ThreeRegions($"endpoints:\n  port: {port}")));

        Assert.Equal(port + 2, Planner.Plan(spec).Regions[^1].LocalEndpointPort);
    }

    [Theory]
    [InlineData("0", "privileged")]
    [InlineData("80", "privileged")]
    [InlineData("1023", "privileged")]
    [InlineData("-5", "privileged")]
    [InlineData("65534", "3 region(s) need ports 65534–65536")]
    [InlineData("70000", "past 65535")]
    public void Given_a_port_out_of_range_When_parsed_Then_MRD080_points_at_the_value_and_names_the_range(string port, string why)
    {
        var result = Load(ThreeRegions($"endpoints:\n  port: {port}"));

        var diagnostic = Single(result, DiagnosticCodes.EndpointPortOutOfRange);
        AssertAt(diagnostic, 9, 9);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Contains($"'endpoints.port' is {port}", diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains(why, diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains("from 1024 to 65533", diagnostic.Hint, StringComparison.Ordinal);
        Assert.Null(result.Spec);
    }

    [Fact]
    public void Given_more_regions_When_the_range_would_pass_65535_Then_the_room_needed_grows_with_them()
    {
        // Two regions fit at 65534 (65534, 65535); three do not.
        AssertClean(Load("cluster: demo\nregions: [{name: a}, {name: b}]\nwan: {rtt: {a~b: 10}}\nendpoints: {port: 65534}\n"));
        var diagnostic = Single(Load(ThreeRegions("endpoints: {port: 65534}")), DiagnosticCodes.EndpointPortOutOfRange);

        Assert.Contains("from 1024 to 65533", diagnostic.Hint, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("32766")] // 32766–32768: the last port is ephemeral
    [InlineData("40000")]
    [InlineData("60999")]
    public void Given_a_range_that_touches_the_ephemeral_ports_When_parsed_Then_MRD081_warns_and_the_spec_still_loads(string port)
    {
        var result = Load(ThreeRegions($"endpoints:\n  port: {port}"));

        var warning = Single(result, DiagnosticCodes.EndpointPortEphemeral);
        AssertAt(warning, 9, 9);
        Assert.Equal(DiagnosticSeverity.Warning, warning.Severity);
        Assert.Contains("32768–60999", warning.Message, StringComparison.Ordinal);
        Assert.Contains("port: 13306", warning.Hint, StringComparison.Ordinal);
        Assert.False(result.HasErrors);
        Assert.NotNull(result.Spec);
        Assert.Equal(int.Parse(port, System.Globalization.CultureInfo.InvariantCulture), result.Spec.Endpoints.Port);
    }

    [Theory]
    [InlineData("32765")] // 32765–32767: just below
    [InlineData("61000")] // just above
    public void Given_a_range_next_to_the_ephemeral_ports_When_parsed_Then_there_is_no_warning(string port) =>
        AssertClean(Load(ThreeRegions($"endpoints:\n  port: {port}")));

    [Theory]
    [InlineData("port: many", DiagnosticCodes.WrongType, "whole number")]
    [InlineData("port: [3306]", DiagnosticCodes.WrongType, "single value")]
    [InlineData("port:", DiagnosticCodes.MissingValue, "has no value")]
    public void Given_a_port_that_is_not_a_number_When_parsed_Then_the_error_says_what_to_write(string line, string code, string message)
    {
        var result = Load(ThreeRegions($"endpoints:\n  {line}"));

        var diagnostic = Single(result, code);
        Assert.Contains(message, diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains("a port from 1024 to 65533", diagnostic.Hint, StringComparison.Ordinal);
        Assert.Null(result.Spec);
    }

    [Theory]
    [InlineData("endpoints:\n  prot: 13306", 9, 3, "prot", "port")]
    [InlineData("endpoint:\n  port: 13306", 8, 1, "endpoint", "endpoints")]
    public void Given_a_misspelt_endpoints_key_When_parsed_Then_MRD010_suggests_the_right_one(string endpoints, int line, int column, string typed, string suggested)
    {
        var diagnostic = Single(Load(ThreeRegions(endpoints)), DiagnosticCodes.UnknownKey);

        AssertAt(diagnostic, line, column);
        Assert.Contains($"unknown key '{typed}'", diagnostic.Message, StringComparison.Ordinal);
        Assert.StartsWith($"did you mean '{suggested}'?", diagnostic.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void Given_the_init_template_When_read_Then_it_shows_endpoints_port_commented_with_the_default()
    {
        Assert.Contains("# endpoints:\n#   port: 3306", SpecTemplate.DefaultYaml, StringComparison.Ordinal);

        var uncommented = SpecTemplate.DefaultYaml.Replace("# endpoints:\n#   port: 3306", "endpoints:\n  port: 3306", StringComparison.Ordinal);
        var spec = AssertClean(SpecLoader.Parse(uncommented, FileName));
        AssertEquivalent(ClusterSpec.Default, spec);
    }
}
