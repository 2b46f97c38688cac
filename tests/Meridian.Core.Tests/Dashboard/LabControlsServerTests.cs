using System.Net;
using System.Text;
using System.Text.Json;
using Meridian.Core.Planning;
using Meridian.Core.Spec;
using Meridian.Dashboard;
using Meridian.Dashboard.Lab;
using Meridian.Runtime.Lab;
using Meridian.Runtime.Files;
using Meridian.Runtime.Processes;

namespace Meridian.Core.Tests.Dashboard;

/// <summary>
/// The lab's own controls (<see cref="LabDashboardSource"/>) behind the dashboard's server, for a lab that is planned
/// but not running: names the plan does not have are 400 with the names it has, before anything is sent; a valid
/// request that the (absent) supervisor cannot take is 409 with the lab's fix.
/// </summary>
public sealed class LabControlsServerTests : IDisposable
{
    private static readonly ClusterPlan Plan = Planner.Plan(ClusterSpec.Default);
    private readonly TemporaryDirectory directory = new();

    [Theory]
    [InlineData("/api/lab/wan", """{"action": "isolate", "region": "atlantis"}""", "no region 'atlantis' in this lab")]
    [InlineData("/api/lab/wan", """{"action": "cut", "pair": "atlantis~lemuria"}""", "'atlantis~lemuria' is not a region pair of this lab")]
    [InlineData("/api/lab/chaos", """{"fault": "kill-node", "target": "nope-db9"}""", "kill-node: no target 'nope-db9' in this lab")]
    [InlineData("/api/lab/chaos", """{"fault": "cut-link", "target": "x~y", "duration": "2s"}""", "cut-link: no target 'x~y' in this lab")]
    public async Task A_name_the_lab_does_not_have_is_400_with_the_names_it_has(string path, string json, string error)
    {
        var (status, answer) = await PostAsync(path, json);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(error, answer.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Contains(Plan.Regions[0].Name, answer.GetProperty("fix").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_valid_request_the_lab_cannot_take_is_409_with_its_fix()
    {
        var region = Plan.Regions[1].Name;

        var (wan, wanAnswer) = await PostAsync("/api/lab/wan", $$"""{"action": "isolate", "region": "{{region}}"}""");
        var (chaos, chaosAnswer) = await PostAsync("/api/lab/chaos", $$"""{"fault": "kill-node", "target": "{{Plan.GaleraNodes.First().Name}}"}""");

        Assert.Equal((HttpStatusCode.Conflict, HttpStatusCode.Conflict), (wan, chaos));
        Assert.False(string.IsNullOrWhiteSpace(wanAnswer.GetProperty("fix").GetString()));
        Assert.Contains("mariadbd", chaosAnswer.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    public void Dispose() => directory.Dispose();

    private async Task<(HttpStatusCode Status, JsonElement Answer)> PostAsync(string path, string json)
    {
        var lab = new LabContext(Plan, new DeploymentLayout(directory.Path), ProcessCommandRunner.Instance, "meridian");
        var controls = new LabDashboardSource(new LabStatusReader(lab), TimeProvider.System);
        var options = new DashboardOptions(new IPEndPoint(IPAddress.Loopback, 0)) { LabControls = controls };
        await using var app = DashboardServer.Build(options, new AlternatingSnapshotSourceTestDouble());
        await app.StartAsync();
        try
        {
            using var client = new HttpClient { BaseAddress = DashboardServer.Address(app) };
            using var content = new StringContent(json, Encoding.UTF8, "application/json");
            using var response = await client.PostAsync(new Uri(path, UriKind.Relative), content);
            using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            return (response.StatusCode, answer.RootElement.Clone());
        }
        finally
        {
            await app.StopAsync();
        }
    }
}
