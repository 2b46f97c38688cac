using Meridian.Core.Planning;
using Meridian.Core.Rendering;
using Meridian.Core.Spec;
using static Meridian.Core.Tests.Spec.SpecTestHelpers;

namespace Meridian.Core.Tests.Spec;

/// <summary><c>monitoring.commitProbeInterval</c>: how often each agent writes its commit probe (docs/spec.md, "monitoring").</summary>
public sealed class SpecLoaderMonitoringTests
{
    private static string TwoRegions(string monitoring) =>
        $"""
        cluster: demo
        regions:
          - name: a
          - name: b
        wan:
          rtt: {"{a~b: 10}"}
        {monitoring}
        """;

    [Theory]
    [InlineData("")]
    [InlineData("monitoring:")]
    [InlineData("monitoring: {}")]
    public void Given_no_interval_When_loaded_Then_the_probe_runs_every_2_s(string monitoring)
    {
        var spec = AssertClean(Load(TwoRegions(monitoring)));

        Assert.Equal(TimeSpan.FromSeconds(2), spec.Monitoring.CommitProbeInterval);
        Assert.True(spec.Monitoring.CommitProbeEnabled);
    }

    [Theory]
    [InlineData("2s", 2000)]
    [InlineData("500ms", 500)]
    [InlineData("1.5s", 1500)]
    [InlineData("1h", -1)]
    [InlineData("3600s", 3_600_000)]
    [InlineData("0", 0)]
    [InlineData("0s", 0)]
    public void Given_an_interval_When_loaded_Then_it_is_read_or_located(string value, double expectedMs)
    {
        var result = Load(TwoRegions($"monitoring:\n  commitProbeInterval: {value}"));

        if (expectedMs < 0)
        {
            AssertAt(Single(result, DiagnosticCodes.InvalidCommitProbeInterval), 8, 24);
            Assert.Null(result.Spec);
            return;
        }

        var spec = AssertClean(result);
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), spec.Monitoring.CommitProbeInterval);
        Assert.Equal(expectedMs > 0, spec.Monitoring.CommitProbeEnabled);
    }

    [Theory]
    [InlineData("2", "not a time with a unit")]
    [InlineData("fast", "not a time with a unit")]
    [InlineData("100ms", "from 500ms to 3600s")]
    [InlineData("2h", "not a time with a unit")]
    [InlineData("7200s", "from 500ms to 3600s")]
    [InlineData("-2s", "from 500ms to 3600s")]
    public void Given_a_bad_interval_When_loaded_Then_MRD120_points_at_the_value(string value, string message)
    {
        var result = Load(TwoRegions($"monitoring:\n  commitProbeInterval: {value}"));

        var diagnostic = Single(result, DiagnosticCodes.InvalidCommitProbeInterval);
        AssertAt(diagnostic, 8, 24);
        Assert.Contains(message, diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains("commitProbeInterval: 2s", diagnostic.Hint, StringComparison.Ordinal);
        Assert.Null(result.Spec);
    }

    [Fact]
    public void Given_a_misspelt_key_When_loaded_Then_MRD010_names_the_right_one()
    {
        var result = Load(TwoRegions("monitoring:\n  commitProbeIntervall: 2s"));

        Assert.Contains("commitProbeInterval", Single(result, DiagnosticCodes.UnknownKey).Hint, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("monitoring:\n  commitProbeInterval: 5s", 5.0)]
    [InlineData("monitoring:\n  commitProbeInterval: 0", 0.0)]
    [InlineData("", 2.0)]
    public void Given_an_interval_When_the_agent_config_is_rendered_Then_it_carries_the_seconds(string monitoring, double seconds)
    {
        var plan = Planner.Plan(AssertClean(Load(TwoRegions(monitoring))));
        var node = plan.GaleraNodes.First();
        var layout = new HostLayout("/var/lib/meridian/" + node.Name);

        var config = AgentConfigRenderer.Build(plan, node, layout);

        Assert.Equal(seconds, config.Monitoring!.CommitProbeIntervalSeconds);
        Assert.Contains($"\"commitProbeIntervalSeconds\": {seconds.ToString(System.Globalization.CultureInfo.InvariantCulture)}", AgentConfigRenderer.Render(plan, node, layout), StringComparison.Ordinal);
    }

    [Fact]
    public void Given_an_agent_config_without_monitoring_When_read_Then_the_probe_runs_at_the_default_pace()
    {
        var config = AgentConfigRenderer.Build(Planner.Plan(ClusterSpec.Default), Planner.Plan(ClusterSpec.Default).GaleraNodes.First(), new HostLayout("/x")) with { Monitoring = null };

        Assert.Equal(TimeSpan.FromSeconds(2), config.EffectiveMonitoring.CommitProbeInterval);
    }
}
