using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Meridian.Integration.Tests.Browser;
using Meridian.Integration.Tests.Chaos;
using Microsoft.Playwright;

namespace Meridian.Integration.Tests.Dashboard;

/// <summary>
/// The page's lab controls (docs/dashboard.md, "Lab controls"), used with the keyboard and the mouse on the same lab:
/// a confirmation cancelled with Escape changes nothing; a link cut through the control turns red within 2 s and heals;
/// an isolated region shows on the page as `meridian status --format json` reports it at the same time, and rejoins;
/// a chaos fault (kill -9 of a mariadbd) shows the node down and then Synced again.
/// </summary>
public sealed partial class DashboardBrowserTests
{
    private IPage? controlsPage;

    private async Task LabControlsAsync(ChaosLab lab, BrowserSession browser, string shots)
    {
        var page = controlsPage = browser.Page;
        await browser.WaitForAsync("body[data-controls='ready']", TimeSpan.FromSeconds(5));
        var dialog = "#control-confirm";

        // Escape cancels: the dialog takes the focus on Cancel, shows the command, and closing it sends nothing.
        await page.SelectOptionAsync("#ctl-pair", "a~c");
        await page.FocusAsync("#ctl-cut");
        await page.Keyboard.PressAsync("Enter");
        await browser.WaitForAsync($"{dialog}[open]");
        Assert.Equal("control-cancel", await ActiveIdAsync());
        Assert.Equal($"sudo ./meridian wan cut a~c --cluster {lab.Cluster}", await page.InnerTextAsync("#control-command"));
        await page.Keyboard.PressAsync("Escape");
        await browser.WaitForAsync($"{dialog}:not([open])");
        await Task.Delay(Live);
        Assert.Equal("up", await TunnelStateAsync("a~c"));
        Assert.Equal(string.Empty, await page.InnerTextAsync("#control-result"));
        Assert.DoesNotContain(await WanLinksAsync(lab), l => l.Cut);

        // Cut with the keyboard only: Space opens the confirmation, Tab reaches Confirm (visibly focused), Enter confirms.
        await page.SelectOptionAsync("#ctl-pair", "a~b");
        await page.FocusAsync("#ctl-cut");
        await page.Keyboard.PressAsync("Space");
        await browser.WaitForAsync($"{dialog}[open]");
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("control-ok", await ActiveIdAsync());
        Assert.Equal("solid", await page.EvaluateAsync<string>("getComputedStyle(document.activeElement).outlineStyle"));
        await page.Keyboard.PressAsync("Enter");
        var cut = Stopwatch.StartNew();
        await browser.WaitForAsync("#topology [data-tunnel='a~b'][data-state='cut']", Live);
        output.WriteLine($"MEASURED cut confirmed on the page → tunnel red: {cut.Elapsed.TotalSeconds:F2} s");
        await browser.WaitForAsync("#control-result[data-state='ok']", Live);
        await page.ClickAsync("#ctl-heal");
        Assert.Equal($"sudo ./meridian wan heal a~b --cluster {lab.Cluster}", await page.InnerTextAsync("#control-command"));
        await page.ClickAsync("#control-ok");
        var heal = Stopwatch.StartNew();
        await browser.WaitForAsync("#topology [data-tunnel='a~b'][data-state='up']", TimeSpan.FromSeconds(60));
        output.WriteLine($"MEASURED heal confirmed on the page → tunnel green: {heal.Elapsed.TotalSeconds:F2} s");

        // Set a link's RTT: the value syntax of `meridian wan set`, and the page's configured RTT follows.
        var original = await ConfiguredRttAsync("a~c");
        await page.SelectOptionAsync("#ctl-pair", "a~c");
        await page.FillAsync("#ctl-rtt", "75ms");
        await page.ClickAsync("#ctl-set");
        Assert.Equal($"sudo ./meridian wan set a~c --rtt 75ms --cluster {lab.Cluster}", await page.InnerTextAsync("#control-command"));
        await page.ClickAsync("#control-ok");
        await UntilAsync(async () => await ConfiguredRttAsync("a~c") == 75, Live, "a~c configured RTT 75 ms on the page");
        await page.FillAsync("#ctl-rtt", original.ToString("0.###", CultureInfo.InvariantCulture) + "ms");
        await page.ClickAsync("#ctl-set");
        await page.ClickAsync("#control-ok");
        await UntilAsync(async () => await ConfiguredRttAsync("a~c") == original, Live, $"a~c configured RTT back to {original} ms");
        await page.FillAsync("#ctl-rtt", string.Empty);

        // Isolate region b: its tunnels are cut and its node leaves Synced/Primary on the page, as `meridian status` says.
        await page.SelectOptionAsync("#ctl-region", "b");
        await page.ClickAsync("#ctl-isolate");
        Assert.Equal($"sudo ./meridian wan isolate b --cluster {lab.Cluster}", await page.InnerTextAsync("#control-command"));
        await browser.ScreenshotAsync(Path.Combine(shots, "dashboard-confirm.png"));
        await page.ClickAsync("#control-ok");
        var isolated = Stopwatch.StartNew();
        await browser.WaitForAsync("#topology [data-tunnel='a~b'][data-state='cut']", Live);
        await browser.WaitForAsync("#topology [data-tunnel='b~c'][data-state='cut']", Live);
        output.WriteLine($"MEASURED isolate confirmed → both tunnels of b red: {isolated.Elapsed.TotalSeconds:F2} s");
        // Right after the cut the page can show every node without a report for a moment (etcd elects a new leader
        // without b's member); the isolated state is a and c Synced in the Primary component, b not.
        await UntilAsync(async () => await PageNodesAsync() is var n && n["a-db1"].Healthy && !n["b-db1"].Healthy && n["c-db1"].Healthy, TimeSpan.FromSeconds(60), "a-db1 and c-db1 Synced/Primary and b-db1 not, on the page");
        output.WriteLine($"MEASURED isolate confirmed → b-db1 not Synced/Primary on the page: {isolated.Elapsed.TotalSeconds:F1} s");
        await page.EvaluateAsync("window.scrollTo(0, 0)");
        await browser.ScreenshotAsync(Path.Combine(shots, "dashboard-isolated.png"));
        await ComparePageWithStatusAsync(lab);
        await page.ClickAsync("#ctl-rejoin");
        Assert.Equal($"sudo ./meridian wan rejoin b --cluster {lab.Cluster}", await page.InnerTextAsync("#control-command"));
        await page.ClickAsync("#control-ok");
        var rejoin = Stopwatch.StartNew();
        await UntilAsync(async () => (await PageNodesAsync()).Values.All(n => n.Healthy), ChaosLab.SyncTimeout, "3 nodes Synced in the Primary component after rejoin");
        await UntilAsync(async () => await page.Locator("#topology [data-tunnel][data-state='up']").CountAsync() == 3, TimeSpan.FromSeconds(60), "3 tunnels up after rejoin");
        output.WriteLine($"MEASURED rejoin confirmed → 3 Synced and 3 tunnels up on the page: {rejoin.Elapsed.TotalSeconds:F1} s");

        // A chaos fault: kill -9 c-db1's mariadbd through the page, the same injector as `meridian chaos kill-node`.
        var victim = lab.MariadbdOf("c-db1");
        await page.SelectOptionAsync("#ctl-fault", "kill-node");
        await page.SelectOptionAsync("#ctl-target", "c-db1");
        await page.ClickAsync("#ctl-inject");
        Assert.Equal($"sudo ./meridian chaos kill-node --target c-db1 --cluster {lab.Cluster}", await page.InnerTextAsync("#control-command"));
        await page.ClickAsync("#control-ok");
        var killed = Stopwatch.StartNew();
        // The result line still says "ok" from the rejoin until the dialog's close event sends the fault: wait for
        // this fault's own answer, not for the state.
        await UntilAsync(async () => (await page.InnerTextAsync("#control-result")).Contains($"SIGKILL pid {victim.Pid}", StringComparison.Ordinal), TimeSpan.FromSeconds(10), $"the page saying SIGKILL pid {victim.Pid}");
        Assert.Equal("ok", await page.GetAttributeAsync("#control-result", "data-state"));
        await browser.WaitForAsync("#topology [data-node='c-db1']:not([data-state='Synced'])", TimeSpan.FromSeconds(10));
        output.WriteLine($"MEASURED kill-node confirmed → c-db1 not Synced on the page: {killed.Elapsed.TotalSeconds:F2} s");
        await browser.WaitForAsync("#topology [data-node='c-db1'][data-state='Synced']", ChaosLab.SyncTimeout);
        output.WriteLine($"MEASURED kill-node confirmed → c-db1 Synced again on the page: {killed.Elapsed.TotalSeconds:F1} s");
        Assert.NotEqual(victim, lab.MariadbdOf("c-db1"));
    }

    /// <summary>
    /// The page's tunnels and nodes against `meridian status --format json` read meanwhile. The page is read before and
    /// after the status; if it moved in between (a snapshot changed what it shows), the comparison is made again, up to
    /// five times. Then the page must equal the status, tunnel by tunnel and node by node.
    /// </summary>
    private async Task ComparePageWithStatusAsync(ChaosLab lab)
    {
        for (var attempt = 1; ; attempt++)
        {
            var tunnelsBefore = await PageTunnelsAsync();
            var nodesBefore = await PageNodesAsync();
            var result = await lab.RunAsync("status", lab.Spec, "--format", "json");
            Assert.Equal(0, result.ExitCode);
            var tunnels = await PageTunnelsAsync();
            var nodes = await PageNodesAsync();
            if (!tunnelsBefore.OrderBy(t => t.Key).SequenceEqual(tunnels.OrderBy(t => t.Key)) || !nodesBefore.OrderBy(n => n.Key).SequenceEqual(nodes.OrderBy(n => n.Key)))
            {
                Assert.True(attempt < 5, "the page kept changing while `meridian status` read the lab");
                output.WriteLine($"the page changed during the status read (attempt {attempt}); again");
                continue;
            }

            using var status = JsonDocument.Parse(result.StandardOutput);
            var statusCut = status.RootElement.GetProperty("pairs").EnumerateArray().ToDictionary(p => p.GetProperty("pair").GetString()!, p => p.GetProperty("cut").GetBoolean());
            var statusHealthy = status.RootElement.GetProperty("galera").EnumerateArray().ToDictionary(
                n => n.GetProperty("node").GetString()!,
                n => n.GetProperty("state").GetString() == "Synced" && n.GetProperty("clusterStatus").GetString() == "Primary");
            output.WriteLine("page tunnels: " + string.Join(", ", tunnels.Select(t => $"{t.Key}={t.Value}")) + "; status cut: " + string.Join(", ", statusCut.Select(t => $"{t.Key}={t.Value}")));
            output.WriteLine("page nodes: " + string.Join(", ", nodes.Select(n => $"{n.Key}={n.Value}")) + "; status Synced+Primary: " + string.Join(", ", statusHealthy.Select(n => $"{n.Key}={n.Value}")));

            Assert.Equal(statusCut.OrderBy(p => p.Key).Select(p => (p.Key, p.Value)), tunnels.OrderBy(t => t.Key).Select(t => (t.Key, t.Value == "cut")));
            Assert.Equal(new Dictionary<string, bool> { ["a~b"] = true, ["a~c"] = false, ["b~c"] = true }, statusCut);
            foreach (var (node, seen) in nodes)
            {
                Assert.True(statusHealthy.GetValueOrDefault(node) == seen.Healthy, $"{node}: the page shows {seen}, `meridian status` {(statusHealthy.TryGetValue(node, out var h) ? (h ? "Synced in the Primary component" : "not Synced/Primary") : "no report")}");
            }

            Assert.Equal((true, false, true), (nodes["a-db1"].Healthy, nodes["b-db1"].Healthy, nodes["c-db1"].Healthy));
            return;
        }
    }

    private IPage Page => controlsPage ?? throw new InvalidOperationException("no page yet");

    private Task<string> ActiveIdAsync() => Page.EvaluateAsync<string>("document.activeElement?.id ?? ''");

    private Task<double> ConfiguredRttAsync(string pair) =>
        Page.EvaluateAsync<double>($"window.meridianDashboard.latest().tunnels.find(t => t.pair === '{pair}').configuredRttMs");

    private async Task<string> TunnelStateAsync(string pair) =>
        await Page.GetAttributeAsync($"#topology [data-tunnel='{pair}']", "data-state") ?? "missing";

    private async Task<Dictionary<string, string>> PageTunnelsAsync() =>
        (await Page.Locator("#topology [data-tunnel]").EvaluateAllAsync<string[][]>("els => els.map(e => [e.dataset.tunnel, e.dataset.state])"))
            .ToDictionary(t => t[0], t => t[1]);

    /// <summary>Each node as the page shows it: its state (topology) and component (Galera table); healthy = Synced in the Primary component.</summary>
    private async Task<Dictionary<string, (string State, string Component, bool Healthy)>> PageNodesAsync()
    {
        var rows = await Page.Locator("#topology [data-node]").EvaluateAllAsync<string[][]>(
            "els => els.map(e => [e.dataset.node, e.dataset.state, document.querySelector(`#galera tr[data-galera-node='${e.dataset.node}'] td:nth-of-type(4)`)?.textContent ?? ''])");
        return rows.ToDictionary(r => r[0], r => (r[1], r[2], r[1] == "Synced" && r[2] == "Primary"));
    }

    private static async Task<IReadOnlyList<(string From, string To, bool Cut)>> WanLinksAsync(ChaosLab lab)
    {
        var result = await lab.RunAsync("wan", "show", "--spec", lab.Spec, "--format", "json");
        Assert.Equal(0, result.ExitCode);
        using var links = JsonDocument.Parse(result.StandardOutput);
        return [.. links.RootElement.EnumerateArray().Select(l => (l.GetProperty("from").GetString()!, l.GetProperty("to").GetString()!, l.GetProperty("cut").GetBoolean() || l.GetProperty("isolated").GetBoolean()))];
    }
}
