using System.Diagnostics;
using System.Text.RegularExpressions;
using Meridian.Integration.Tests.Browser;
using Meridian.Integration.Tests.Chaos;
using Meridian.Integration.Tests.Lab;
using Meridian.Runtime.Processes;
using Xunit.Abstractions;

namespace Meridian.Integration.Tests.Dashboard;

/// <summary>
/// `meridian dashboard` on a running three-region lab, looked at in headless Debian Chromium as a person would
/// (docs/dashboard.md): the topology shows 3 regions and 3 Synced nodes, `wan cut` turns that tunnel red within 2 s
/// and `wan heal` green again, a killed mariadbd shows as down and then Synced again, after every mariadbd is killed
/// the timeline shows the recovery epoch the agents decided, the page stays readable at a
/// phone's width, and the console has no error. Screenshots of each state go to MERIDIAN_SCREENSHOTS when set (how the
/// ones in docs/images were made), else to the test's temporary directory.
/// </summary>
[Trait("Category", "Lab")]
[Trait("Category", "Browser")]
[Collection(RunsAlone.Name)]
public sealed partial class DashboardBrowserTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Live = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task Given_a_running_lab_When_the_dashboard_is_watched_Then_cuts_and_crashes_show_live_and_the_page_has_no_errors()
    {
        await using var lab = new ChaosLab(output, "dsh", LabEndpointPorts.Dashboard);
        var shots = Environment.GetEnvironmentVariable("MERIDIAN_SCREENSHOTS") is { Length: > 0 } dir ? dir : Path.Combine(lab.StateRoot, "screenshots");
        Directory.CreateDirectory(shots);
        await lab.UpAsync();
        await using (var dashboard = await DashboardProcess.StartAsync(lab.StateRoot, [lab.Spec, "--listen", "127.0.0.1:0"]))
        {
            var url = dashboard.Url.ToString();
            var ready = Stopwatch.StartNew();
            await using var browser = await BrowserSession.StartAsync(output);
            var browserStart = ready.Elapsed;
            ready.Restart();
            await browser.OpenAsync(url);
            await browser.WaitForAsync("#connection[data-state='live']", TimeSpan.FromSeconds(5));
            await browser.WaitForAsync("#topology [data-node][data-state='Synced']", TimeSpan.FromSeconds(5));
            output.WriteLine($"MEASURED dashboard page open to live with a Synced node: {ready.Elapsed.TotalSeconds:F2} s (browser start {browserStart.TotalSeconds:F2} s)");
            Assert.Equal(3, await browser.Page.Locator("#topology [data-region]").CountAsync());
            await UntilAsync(async () => await browser.Page.Locator("#topology [data-node][data-state='Synced']").CountAsync() == 3, TimeSpan.FromSeconds(10), "3 Synced nodes");
            await UntilAsync(async () => await browser.Page.Locator("#topology [data-tunnel][data-state='up']").CountAsync() == 3, TimeSpan.FromSeconds(10), "3 tunnels up");
            await browser.ScreenshotAsync(Path.Combine(shots, "dashboard-synced.png"));
            {
                // How old the newest snapshot is when asked for: the source's read time plus up to one interval.
                var ages = new List<double>();
                for (var i = 0; i < 10; i++)
                {
                    using var json = await dashboard.GetJsonAsync("/api/snapshot");
                    ages.Add((DateTimeOffset.UtcNow - json.RootElement.GetProperty("takenAt").GetDateTimeOffset()).TotalSeconds);
                    await Task.Delay(300);
                }

                output.WriteLine($"MEASURED snapshot age: max {ages.Max():F2} s, mean {ages.Average():F2} s");
            }


            // A cut link turns its tunnel red within 2 s of `wan cut` returning.
            Assert.Equal(0, (await lab.RunAsync("wan", "cut", "a~b", "--spec", lab.Spec)).ExitCode);
            var cut = Stopwatch.StartNew();
            await browser.WaitForAsync("#topology [data-tunnel='a~b'][data-state='cut']", Live);
            output.WriteLine($"MEASURED wan cut → tunnel red on the page: {cut.Elapsed.TotalSeconds:F2} s");
            await browser.WaitForAsync("#timeline li[data-kind]", Live);
            await browser.ScreenshotAsync(Path.Combine(shots, "dashboard-cut.png"));
            Assert.Equal(0, (await lab.RunAsync("wan", "heal", "a~b", "--spec", lab.Spec)).ExitCode);
            await browser.WaitForAsync("#topology [data-tunnel='a~b'][data-state='up']", TimeSpan.FromSeconds(60));

            // A killed mariadbd: the node leaves Synced on the page, and its agent brings it back.
            var victim = lab.MariadbdOf("b-db1");
            Assert.True(Signals.Send(victim, Signals.SigKill));
            var killed = Stopwatch.StartNew();
            await browser.WaitForAsync("#topology [data-node='b-db1']:not([data-state='Synced'])", TimeSpan.FromSeconds(10));
            output.WriteLine($"MEASURED mariadbd killed → node not Synced on the page: {killed.Elapsed.TotalSeconds:F2} s");
            await browser.ScreenshotAsync(Path.Combine(shots, "dashboard-node-down.png"));
            await browser.WaitForAsync("#topology [data-node='b-db1'][data-state='Synced']", ChaosLab.SyncTimeout);

            // Every mariadbd killed at once: the agents recover through etcd, and the timeline shows the new epoch they decided.
            var epochs = browser.Page.Locator("#timeline li[data-kind='recovery']");
            var before = await epochs.CountAsync();
            foreach (var node in new[] { "a-db1", "b-db1", "c-db1" })
            {
                Assert.True(Signals.Send(lab.MariadbdOf(node), Signals.SigKill));
            }

            var crash = Stopwatch.StartNew();
            await UntilAsync(async () => await epochs.CountAsync() > before, ChaosLab.SyncTimeout, "a new recovery epoch on the timeline");
            output.WriteLine($"timeline: {await epochs.Last.InnerTextAsync()}");
            output.WriteLine($"MEASURED crash-all → recovery epoch on the page's timeline: {crash.Elapsed.TotalSeconds:F1} s");
            await UntilAsync(async () => await browser.Page.Locator("#topology [data-node][data-state='Synced']").CountAsync() == 3, ChaosLab.SyncTimeout, "3 Synced nodes after crash-all");
            await browser.ScreenshotAsync(Path.Combine(shots, "dashboard-recovered.png"));

            // The page's own lab controls, with the keyboard and the mouse (DashboardBrowserTests.Controls.cs).
            output.WriteLine($"MEASURED dashboard RSS before the lab controls: {dashboard.RssMb():F1} MB");
            await LabControlsAsync(lab, browser, shots);

            // The charts, from the agents' metrics: every region commits (the agents' probe writes every 2 s), and its
            // probe's median commit latency is of the order of the commit floor F, the WAN's and not a process spawn's.
            await ChartsAsync(browser, shots);

            await browser.SetViewportAsync(BrowserSession.Phone);
            await browser.WaitForAsync("#topology [data-region]", Live);
            await browser.ScreenshotAsync(Path.Combine(shots, "dashboard-phone.png"), fullPage: true);
            Assert.True(await browser.Page.EvaluateAsync<bool>("(() => { const s = document.querySelector('#lab-controls'); return s.scrollWidth <= s.clientWidth; })()"), "the lab controls fit a phone's width");
            browser.AssertNoErrors();
            output.WriteLine($"MEASURED dashboard RSS: {dashboard.RssMb():F1} MB");
        }
    }

    private static async Task UntilAsync(Func<Task<bool>> done, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await done())
        {
            Assert.True(DateTime.UtcNow < deadline, $"not within {timeout.TotalSeconds} s: {what}");
            await Task.Delay(100);
        }
    }
}
