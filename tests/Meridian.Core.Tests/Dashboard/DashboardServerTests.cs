using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Meridian.Core.Chaos;
using Meridian.Core.Dashboard;
using Meridian.Dashboard;
using Microsoft.AspNetCore.Builder;

namespace Meridian.Core.Tests.Dashboard;

/// <summary>The dashboard's web server, in-process on 127.0.0.1:0, fed by a test double of its source.</summary>
public sealed class DashboardServerTests
{
    [Fact]
    public async Task Serves_the_page_and_its_assets_embedded()
    {
        await using var server = await StartAsync();

        var page = await server.Client.GetAsync(new Uri("/", UriKind.Relative));
        var html = await page.Content.ReadAsStringAsync();
        var script = await server.Client.GetStringAsync(new Uri("/app.js", UriKind.Relative));
        var css = await server.Client.GetAsync(new Uri("/app.css", UriKind.Relative));

        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("id=\"topology\"", html, StringComparison.Ordinal);
        Assert.Contains("id=\"connection\"", html, StringComparison.Ordinal);
        Assert.Contains("src=\"/app.js\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);
        Assert.Contains("new EventSource", script, StringComparison.Ordinal);
        Assert.Equal("text/css", css.Content.Headers.ContentType?.MediaType);
        Assert.Contains("default-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Snapshot_is_the_sources_latest_as_json()
    {
        await using var server = await StartAsync();

        using var json = JsonDocument.Parse(await server.WaitForSnapshotJsonAsync());
        var root = json.RootElement;

        Assert.Equal("dash", root.GetProperty("cluster").GetString());
        Assert.Equal(["a", "b"], root.GetProperty("regions").EnumerateArray().Select(r => r.GetProperty("name").GetString()));
        var node = root.GetProperty("regions")[0].GetProperty("nodes")[0];
        Assert.Equal(("a-db1", "Synced", true), (node.GetProperty("host").GetString(), node.GetProperty("state").GetString(), node.GetProperty("primary").GetBoolean()));
        var tunnel = root.GetProperty("tunnels")[0];
        Assert.Equal("a~b", tunnel.GetProperty("pair").GetString());
        Assert.True(tunnel.GetProperty("state").GetString() is "up" or "cut");
    }

    [Fact]
    public async Task Events_stream_successive_snapshots_and_the_timeline()
    {
        await using var server = await StartAsync();
        // A bound, not a timing: snapshots come once a second, and a loaded CI machine once delivered only one in 3 s.
        // The pace itself is measured by bench/, never asserted here.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/events", UriKind.Relative));
        using var response = await server.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);

        var snapshots = new List<DateTimeOffset>();
        var kinds = new List<string>();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(timeout.Token));
        string? eventName = null;
        try
        {
            while (snapshots.Count < 3 && await reader.ReadLineAsync(timeout.Token) is { } line)
            {
                if (line.StartsWith("event: ", StringComparison.Ordinal))
                {
                    eventName = line["event: ".Length..];
                }
                else if (line.StartsWith("data: ", StringComparison.Ordinal))
                {
                    using var data = JsonDocument.Parse(line["data: ".Length..]);
                    if (eventName == "snapshot")
                    {
                        snapshots.Add(data.RootElement.GetProperty("takenAt").GetDateTimeOffset());
                    }
                    else if (eventName == "timeline")
                    {
                        kinds.Add(data.RootElement.GetProperty("kind").GetString()!);
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The bound is up: judge what arrived.
        }

        Assert.True(snapshots.Count >= 2, $"{snapshots.Count} snapshot events in 30 s");
        Assert.True(snapshots.SequenceEqual(snapshots.Order()) && snapshots.Distinct().Count() == snapshots.Count, "each snapshot is a new one");
        // The test double cuts the tunnel on every other snapshot, so every new snapshot brings a timeline event first.
        Assert.Contains(kinds, k => k is "tunnel-cut" or "tunnel-healed");
    }

    [Fact]
    public async Task A_foreign_host_header_is_refused_on_loopback()
    {
        await using var server = await StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/snapshot", UriKind.Relative));
        request.Headers.Host = "attacker.example";

        using var response = await server.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.MisdirectedRequest, response.StatusCode);
    }

    [Fact]
    public async Task With_a_token_the_api_needs_it_and_the_page_does_not()
    {
        await using var server = await StartAsync(o => o with { Token = "s3cret" });

        Assert.Equal(HttpStatusCode.OK, (await server.Client.GetAsync(new Uri("/", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await server.Client.GetAsync(new Uri("/api/timeline", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await server.Client.GetAsync(new Uri("/api/timeline?token=wrong", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await server.Client.GetAsync(new Uri("/api/timeline?token=s3cret", UriKind.Relative))).StatusCode);
        using var bearer = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/timeline", UriKind.Relative));
        bearer.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "s3cret");
        Assert.Equal(HttpStatusCode.OK, (await server.Client.SendAsync(bearer)).StatusCode);
    }

    [Fact]
    public async Task Wan_cut_and_heal_reach_the_lab_controls()
    {
        var controls = new RecordingLabControlsTestDouble();
        await using var server = await StartAsync(o => o with { LabControls = controls });

        var cut = await server.Client.PostAsJsonAsync(new Uri("/api/lab/wan", UriKind.Relative), new { pair = "a~b", action = "cut" });
        var heal = await server.Client.PostAsJsonAsync(new Uri("/api/lab/wan", UriKind.Relative), new { pair = "a~b", action = "heal" });
        var bogus = await server.Client.PostAsJsonAsync(new Uri("/api/lab/wan", UriKind.Relative), new { pair = "a~b", action = "isolate" });
        using var form = new StringContent("pair=a~b&action=cut", Encoding.UTF8, "application/x-www-form-urlencoded");
        var crossSiteForm = await server.Client.PostAsync(new Uri("/api/lab/wan", UriKind.Relative), form);
        using var foreign = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/lab/wan", UriKind.Relative)) { Content = JsonContent.Create(new { pair = "a~b", action = "cut" }) };
        foreign.Headers.Add("Origin", "http://attacker.example");
        var crossOrigin = await server.Client.SendAsync(foreign);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.BadRequest), (cut.StatusCode, heal.StatusCode, bogus.StatusCode));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, crossSiteForm.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, crossOrigin.StatusCode);
        Assert.Equal([("a~b", true), ("a~b", false)], controls.Calls);
    }

    [Fact]
    public async Task Without_lab_controls_there_is_no_wan_control()
    {
        await using var server = await StartAsync();

        var cut = await server.Client.PostAsJsonAsync(new Uri("/api/lab/wan", UriKind.Relative), new { pair = "a~b", action = "cut" });

        Assert.Equal(HttpStatusCode.NotFound, cut.StatusCode);
    }

    [Fact]
    public async Task Charts_come_from_the_metrics_source_as_rates()
    {
        await using var server = await StartAsync(o => o with { Metrics = new SteadyMetricsSourceTestDouble(), ScrapeInterval = TimeSpan.FromMilliseconds(20) });

        JsonElement region = default;
        for (var i = 0; i < 100 && region.ValueKind == JsonValueKind.Undefined; i++)
        {
            await Task.Delay(50);
            using var charts = JsonDocument.Parse(await server.Client.GetStringAsync(new Uri("/api/charts", UriKind.Relative)));
            if (charts.RootElement.GetProperty("to").ValueKind != JsonValueKind.Null)
            {
                region = charts.RootElement.GetProperty("regions")[0].Clone();
            }
        }

        Assert.Equal("a", region.GetProperty("region").GetString());
        var last = region.GetProperty("commitsPerSecond").EnumerateArray().Last();
        Assert.Equal(5, last.GetDouble(), 6);
        Assert.Equal(157.5, region.GetProperty("floorMs").EnumerateArray().Last().GetDouble());
    }

    [Fact]
    public async Task Serves_the_controls_script_and_the_faults_it_offers()
    {
        await using var server = await StartAsync(o => o with { LabControls = new RecordingLabControlsTestDouble() });

        var html = await server.Client.GetStringAsync(new Uri("/", UriKind.Relative));
        var script = await server.Client.GetAsync(new Uri("/controls.js", UriKind.Relative));
        using var config = JsonDocument.Parse(await server.Client.GetStringAsync(new Uri("/api/config", UriKind.Relative)));

        Assert.Contains("src=\"/controls.js\"", html, StringComparison.Ordinal);
        Assert.Contains("id=\"control-confirm\"", html, StringComparison.Ordinal);
        Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
        Assert.Contains("/api/lab/chaos", await script.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True(config.RootElement.GetProperty("labControls").GetBoolean());
        var faults = config.RootElement.GetProperty("faults").EnumerateArray().ToDictionary(f => f.GetProperty("name").GetString()!, f => (f.GetProperty("target").GetString(), f.GetProperty("timed").GetBoolean()));
        Assert.Equal(FaultKinds.All.Length, faults.Count);
        Assert.Equal(("node", false), faults["kill-node"]);
        Assert.Equal(("node", true), faults["pause-node"]);
        Assert.Equal(("cluster", false), faults["crash-all"]);
    }

    [Fact]
    public async Task Every_wan_action_reaches_the_lab_controls_with_the_cli_value_syntax()
    {
        var controls = new RecordingLabControlsTestDouble();
        await using var server = await StartAsync(o => o with { LabControls = controls });

        var answers = new List<HttpStatusCode>();
        foreach (var body in new object[]
        {
            new { action = "isolate", region = "b" },
            new { action = "rejoin", region = "b" },
            new { action = "set", pair = "a~c", rtt = "0.2s", loss = "0.5%" },
            new { action = "set", pair = "a~c", jitter = "2ms" },
        })
        {
            answers.Add((await server.PostAsync("/api/lab/wan", body)).StatusCode);
        }

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a));
        Assert.Equal(
            [
                new DashboardWanAction(DashboardWanVerb.Isolate, "b"),
                new DashboardWanAction(DashboardWanVerb.Rejoin, "b"),
                new DashboardWanAction(DashboardWanVerb.Set, "a~c", RttMs: 200, LossPercent: 0.5),
                new DashboardWanAction(DashboardWanVerb.Set, "a~c", JitterMs: 2),
            ],
            controls.Wan);
    }

    [Theory]
    [InlineData("""{"action": "explode", "pair": "a~b"}""", "unknown WAN action")]
    [InlineData("""{"action": "isolate", "pair": "a~b"}""", "needs a region")]
    [InlineData("""{"action": "cut"}""", "needs a region pair")]
    [InlineData("""{"action": "set", "pair": "a~b"}""", "set needs rtt, jitter or loss")]
    [InlineData("""{"action": "set", "pair": "a~b", "rtt": "fast"}""", "rtt 'fast' is not a time")]
    [InlineData("""{"action": "set", "pair": "a~b", "rtt": "20s"}""", "rtt '20s' is not a time")]
    [InlineData("""{"action": "set", "pair": "a~b", "loss": "150%"}""", "not a percentage")]
    [InlineData("""{"action": "isolate", "region": "z"}""", "no region in 'z'")]
    [InlineData("""{"action": "cut", "pair": 7}""", "not the JSON expected")]
    [InlineData("""{"action": "cut", "pair": """, "not the JSON expected")]
    public async Task A_bad_wan_request_is_refused_with_400_and_what_to_send(string json, string error)
    {
        var controls = new RecordingLabControlsTestDouble();
        await using var server = await StartAsync(o => o with { LabControls = controls });

        var (status, answer) = await server.PostJsonAsync("/api/lab/wan", json);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(error, answer.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(answer.GetProperty("fix").GetString()));
        Assert.Empty(controls.Wan);
    }

    [Fact]
    public async Task A_chaos_fault_reaches_the_lab_controls_and_answers_what_was_done()
    {
        var controls = new RecordingLabControlsTestDouble();
        await using var server = await StartAsync(o => o with { LabControls = controls });

        var (killStatus, kill) = await server.PostJsonAsync("/api/lab/chaos", """{"fault": "kill-node", "target": "b-db1"}""");
        var (pauseStatus, _) = await server.PostJsonAsync("/api/lab/chaos", """{"fault": "pause-node", "target": "a-db1", "duration": "3s"}""");
        var (crashStatus, _) = await server.PostJsonAsync("/api/lab/chaos", """{"fault": "crash-all"}""");

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK), (killStatus, pauseStatus, crashStatus));
        Assert.Equal(("kill-node", "b-db1"), (kill.GetProperty("fault").GetString(), kill.GetProperty("target").GetString()));
        var e = kill.GetProperty("events")[0];
        Assert.Equal(("SIGKILL", 4242), (e.GetProperty("action").GetString(), e.GetProperty("pid").GetInt32()));
        Assert.Equal(
            [(FaultKind.KillNode, "b-db1", TimeSpan.FromSeconds(10)), (FaultKind.PauseNode, "a-db1", TimeSpan.FromSeconds(3)), (FaultKind.CrashAll, string.Empty, TimeSpan.FromSeconds(10))],
            controls.Faults);
    }

    [Theory]
    [InlineData("""{"fault": "meteor", "target": "a"}""", "unknown fault 'meteor'")]
    [InlineData("""{"target": "a"}""", "unknown fault ''")]
    [InlineData("""{"fault": "kill-node"}""", "kill-node needs a target (node)")]
    [InlineData("""{"fault": "pause-node", "target": "a-db1", "duration": "2h"}""", "not a duration from 1 s to 5 min")]
    [InlineData("""{"fault": "pause-node", "target": "a-db1", "duration": "soon"}""", "not a duration from 1 s to 5 min")]
    [InlineData("""null""", "unknown fault ''")]
    public async Task A_bad_chaos_request_is_refused_with_400_and_what_to_send(string json, string error)
    {
        var controls = new RecordingLabControlsTestDouble();
        await using var server = await StartAsync(o => o with { LabControls = controls });

        var (status, answer) = await server.PostJsonAsync("/api/lab/chaos", json);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(error, answer.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Contains("send", answer.GetProperty("fix").GetString(), StringComparison.Ordinal);
        Assert.Empty(controls.Faults);
    }

    [Fact]
    public async Task Lab_controls_keep_the_post_safety_rules()
    {
        var controls = new RecordingLabControlsTestDouble();
        await using var server = await StartAsync(o => o with { LabControls = controls, Token = "s3cret" });
        const string kill = """{"fault": "kill-node", "target": "b-db1"}""";

        var (noToken, _) = await server.PostJsonAsync("/api/lab/chaos", kill);
        using var form = new StringContent("fault=kill-node&target=b-db1", Encoding.UTF8, "application/x-www-form-urlencoded");
        var crossSiteForm = await server.Client.PostAsync(new Uri("/api/lab/chaos?token=s3cret", UriKind.Relative), form);
        using var foreign = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/lab/chaos?token=s3cret", UriKind.Relative)) { Content = new StringContent(kill, Encoding.UTF8, "application/json") };
        foreign.Headers.Add("Origin", "http://attacker.example");
        var crossOrigin = await server.Client.SendAsync(foreign);
        var (withToken, _) = await server.PostJsonAsync("/api/lab/chaos?token=s3cret", kill);

        Assert.Equal(HttpStatusCode.Unauthorized, noToken);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, crossSiteForm.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, crossOrigin.StatusCode);
        Assert.Equal(HttpStatusCode.OK, withToken);
        Assert.Single(controls.Faults);
    }

    [Fact]
    public async Task Without_lab_controls_every_control_is_404_and_the_page_offers_none()
    {
        await using var server = await StartAsync();

        var (wan, wanAnswer) = await server.PostJsonAsync("/api/lab/wan", """{"action": "isolate", "region": "b"}""");
        var (chaos, chaosAnswer) = await server.PostJsonAsync("/api/lab/chaos", """{"fault": "kill-node", "target": "b-db1"}""");
        using var config = JsonDocument.Parse(await server.Client.GetStringAsync(new Uri("/api/config", UriKind.Relative)));

        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound), (wan, chaos));
        Assert.Contains("not the local lab", wanAnswer.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Contains("not the local lab", chaosAnswer.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.False(config.RootElement.GetProperty("labControls").GetBoolean());
        Assert.Equal(0, config.RootElement.GetProperty("faults").GetArrayLength());
    }

    private static async Task<RunningServer> StartAsync(Func<DashboardOptions, DashboardOptions>? configure = null)
    {
        var options = new DashboardOptions(new IPEndPoint(IPAddress.Loopback, 0));
        options = configure?.Invoke(options) ?? options;
        var app = DashboardServer.Build(options, new AlternatingSnapshotSourceTestDouble());
        await app.StartAsync();
        return new RunningServer(app, new HttpClient { BaseAddress = DashboardServer.Address(app) });
    }

    private sealed record RunningServer(WebApplication App, HttpClient Client) : IAsyncDisposable
    {
        public Task<HttpResponseMessage> PostAsync(string path, object body) => Client.PostAsJsonAsync(new Uri(path, UriKind.Relative), body);

        /// <summary>POSTs <paramref name="json"/> as is (application/json) and returns the status and the answer's JSON.</summary>
        public async Task<(HttpStatusCode Status, JsonElement Answer)> PostJsonAsync(string path, string json)
        {
            using var content = new StringContent(json, Encoding.UTF8, "application/json");
            using var response = await Client.PostAsync(new Uri(path, UriKind.Relative), content);
            using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            return (response.StatusCode, answer.RootElement.Clone());
        }

        public async Task<string> WaitForSnapshotJsonAsync()
        {
            for (var i = 0; i < 50; i++)
            {
                var response = await Client.GetAsync(new Uri("/api/snapshot", UriKind.Relative));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return await response.Content.ReadAsStringAsync();
                }

                await Task.Delay(100);
            }

            throw new TimeoutException("no snapshot within 5 s");
        }

        public async ValueTask DisposeAsync()
        {
            Client.Dispose();
            await App.StopAsync();
            await App.DisposeAsync();
        }
    }
}

/// <summary>
/// A test double of <see cref="IDashboardSource"/>: fixed two-region snapshots, each taken now, the tunnel cut in every
/// other one so that each snapshot yields a timeline event.
/// </summary>
internal sealed class AlternatingSnapshotSourceTestDouble : IDashboardSource
{
    private int calls;

    public Task<DashboardSnapshot> SnapshotAsync(CancellationToken cancellationToken)
    {
        var cut = Interlocked.Increment(ref calls) % 2 == 0;
        return Task.FromResult(DashboardSnapshots.Snapshot(
            DateTimeOffset.UtcNow,
            [DashboardSnapshots.Node("a-db1", "a"), DashboardSnapshots.Node("b-db1", "b")],
            [DashboardSnapshots.Tunnel(cut: cut)]));
    }
}

/// <summary>
/// A test double of <see cref="IDashboardLabControls"/> that records each request, knows regions a, b and c, and
/// answers a fault with one event, as the lab's would.
/// </summary>
internal sealed class RecordingLabControlsTestDouble : IDashboardLabControls
{
    private static readonly string[] Regions = ["a", "b", "c"];

    public List<DashboardWanAction> Wan { get; } = [];

    public List<(FaultKind Kind, string Target, TimeSpan Duration)> Faults { get; } = [];

    /// <summary>Cut and heal calls as (pair, cut), the shape the first slice recorded.</summary>
    public IEnumerable<(string Pair, bool Cut)> Calls => Wan.Where(a => a.Verb is DashboardWanVerb.Cut or DashboardWanVerb.Heal).Select(a => (a.Subject, a.Verb == DashboardWanVerb.Cut));

    public Task WanAsync(DashboardWanAction action, CancellationToken cancellationToken)
    {
        if (action.Subject.Split('~').Any(r => !Regions.Contains(r)))
        {
            throw new DashboardInputException($"no region in '{action.Subject}'", "use a, b or c");
        }

        lock (Wan)
        {
            Wan.Add(action);
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<DashboardFaultEvent>> InjectFaultAsync(FaultKind kind, string target, TimeSpan duration, CancellationToken cancellationToken)
    {
        lock (Faults)
        {
            Faults.Add((kind, target, duration));
        }

        IReadOnlyList<DashboardFaultEvent> events = [new(DateTimeOffset.UtcNow, FaultKinds.Name(kind), target, "SIGKILL", 4242, "killed mariadbd")];
        return Task.FromResult(events);
    }
}

/// <summary>
/// A test double of <see cref="IDashboardMetricsSource"/>: one node in region a committing 5 per second of its own
/// clock, which moves 2 s per scrape so chart points come fast.
/// </summary>
internal sealed class SteadyMetricsSourceTestDouble : IDashboardMetricsSource
{
    private static readonly DateTimeOffset Start = new(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);
    private int calls;

    public Task<MetricsRound> ScrapeAsync(CancellationToken cancellationToken)
    {
        var call = Interlocked.Increment(ref calls);
        var at = Start.AddSeconds(call * 2);
        var node = new Meridian.Core.Metrics.NodeMetrics("a-db1", "a", at, true, call * 10, 0, 0, 0, 0, call * 10, 0, 0, []);
        return Task.FromResult(new MetricsRound(at, [node], [], System.Collections.Immutable.ImmutableDictionary<string, double>.Empty.Add("a", 157.5)));
    }
}
