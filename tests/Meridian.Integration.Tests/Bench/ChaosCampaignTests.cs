using System.Text.Json;
using Meridian.Integration.Tests.Chaos;
using Meridian.Integration.Tests.Lab;
using Xunit.Abstractions;

namespace Meridian.Integration.Tests.Bench;

/// <summary>
/// `meridian bench chaos` end to end, shortened to 45 s of kill-agent, kill-node and cut-link (half of them overlapping)
/// on a real lab: it writes the .md and .json, times every injected fault from the node's own wsrep status, reads through
/// the endpoints, and the check it ran loses nothing. The 10-minute campaign itself is bench/chaos-campaign.sh.
/// </summary>
[Trait("Category", "Benchmark")]
public sealed class ChaosCampaignTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Given_a_synced_lab_When_a_short_campaign_runs_Then_every_fault_is_timed_and_the_report_is_written()
    {
        await using var lab = new ChaosLab(output, "cc", LabEndpointPorts.ChaosCampaign);
        await lab.UpAsync();
        var results = Path.Combine(lab.StateRoot, "results");

        var run = await lab.RunAsync(
            "bench", "chaos", lab.Spec, "--duration", "45s", "--faults", "kill-agent,kill-node,cut-link", "--seed", "3", "--overlap", "0.5",
            "--out", results, "--format", "json");

        var json = Directory.GetFiles(results, "*-chaos.json").Single();
        Assert.True(File.Exists(json[..^".json".Length] + ".md"));
        using var report = JsonDocument.Parse(run.StandardOutput);
        var root = report.RootElement;
        var faults = root.GetProperty("faults").EnumerateArray().ToList();
        Assert.NotEmpty(faults);
        var injected = faults.Where(f => f.GetProperty("notInjectedBecause").ValueKind == JsonValueKind.Null).ToList();
        Assert.True(injected.Count >= 2, $"only {injected.Count} fault(s) injected");
        Assert.All(injected, f => Assert.InRange(f.GetProperty("secondsAfterHeal").GetDouble(), 0, 120));
        Assert.All(injected.Where(f => f.GetProperty("kind").GetString() == "cut-link"), f =>
            Assert.True(f.GetProperty("secondsAfterInjection").GetDouble() >= f.GetProperty("secondsAfterHeal").GetDouble() + f.GetProperty("durationSeconds").GetDouble() - 0.5));

        var check = root.GetProperty("check");
        Assert.True(check.GetProperty("readBack").GetBoolean());
        Assert.Equal(0, check.GetProperty("lost").GetInt32());
        Assert.Equal(0, check.GetProperty("balanceViolations").GetInt32());
        Assert.True(check.GetProperty("acknowledged").GetInt32() > 50, "the workload acknowledged almost nothing");
        Assert.True(root.GetProperty("reads").GetProperty("answered").GetInt32() > 0, "no read through an endpoint was answered");

        // 45 s is not a campaign: the length target must say so, and the exit code with it.
        var length = root.GetProperty("targets").EnumerateArray().Single(t => t.GetProperty("target").GetString()!.StartsWith("campaign ≥", StringComparison.Ordinal));
        Assert.False(length.GetProperty("met").GetBoolean());
        Assert.Equal(1, run.ExitCode);
    }
}
