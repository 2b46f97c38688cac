using System.Text.Json;
using Meridian.Integration.Tests.Lab;
using Xunit.Abstractions;

namespace Meridian.Integration.Tests.Chaos;

/// <summary>
/// `meridian check` for 30 s with kill-node and cut-link faults (a fixed seed, so the schedule is the same every run):
/// no acknowledged write is lost and the bank invariants hold.
/// </summary>
public sealed class CheckUnderFaultsTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Given_a_synced_lab_When_checking_30_s_under_kill_node_and_cut_link_Then_nothing_acknowledged_is_lost()
    {
        await using var lab = new ChaosLab(output, "k", LabEndpointPorts.CheckUnderFaults);
        await lab.UpAsync();

        // The first fault always starts at +5 s and a second one 15–25 s after the first ends; seed 11 fixes which.
        var result = await lab.RunAsync("check", lab.Spec, "--duration", "30s", "--during-chaos", "--faults", "kill-node,cut-link", "--seed", "11", "--format", "json");

        using var report = JsonDocument.Parse(result.StandardOutput);
        var root = report.RootElement;
        Assert.Equal(0, root.GetProperty("lost").GetInt32());
        Assert.Equal(0, root.GetProperty("invariantViolations").GetInt32());
        Assert.Equal(0, root.GetProperty("duplicates").GetInt32());
        Assert.True(root.GetProperty("acknowledged").GetInt32() > 50, "the workload acknowledged almost nothing");
        Assert.Contains(root.GetProperty("faults").EnumerateArray(), f => f.GetProperty("action").GetString() is "SIGKILL" or "wan.cut");
        Assert.True(root.GetProperty("passed").GetBoolean());
        Assert.Equal(0, result.ExitCode);
    }
}
