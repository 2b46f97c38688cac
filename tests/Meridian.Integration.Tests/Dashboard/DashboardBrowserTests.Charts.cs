using System.Globalization;
using Meridian.Integration.Tests.Browser;

namespace Meridian.Integration.Tests.Dashboard;

/// <summary>
/// The charts (docs/dashboard.md, "Charts") on the same lab: every region has commits (at least the agents' commit
/// probe, one write every 2 s per node), and each region's probe median is of the order of its commit floor F, which
/// is what a commit through the WAN costs (a probe that timed the client's process start would be far off either way).
/// </summary>
public sealed partial class DashboardBrowserTests
{
    private static readonly string[] Regions = ["a", "b", "c"];

    private async Task ChartsAsync(BrowserSession browser, string shots)
    {
        var commits = browser.Page.Locator("#charts figure[data-chart='commits'] path[data-series]");
        await UntilAsync(async () => await commits.CountAsync() == 3, TimeSpan.FromSeconds(30), "a commits line per region");
        foreach (var region in Regions)
        {
            var line = browser.Page.Locator($"#charts figure[data-chart='commits'] path[data-series='{region}']");
            Assert.True(int.Parse(await line.GetAttributeAsync("data-points") ?? "0", CultureInfo.InvariantCulture) > 0, $"{region}: no commit rate on the chart");
        }

        // A node probes only while Synced and Primary, so after the faults above a region may take one latency window
        // (30 s) and a step to have a point again.
        foreach (var region in Regions)
        {
            await UntilAsync(async () => await LastAsync(browser, "latency", $"{region}:p50") is > 0, TimeSpan.FromSeconds(60), $"a commit latency point for region {region}");
        }

        foreach (var region in Regions)
        {
            var median = await LastAsync(browser, "latency", $"{region}:p50");
            var floor = await LastAsync(browser, "latency", $"{region}:floor");
            output.WriteLine($"MEASURED {region}: probe commit latency p50 {median:F1} ms, p99 {await LastAsync(browser, "latency", $"{region}:p99"):F1} ms, F {floor:F1} ms");
            Assert.True(floor > 0, $"{region}: no F on the latency chart");
            Assert.True(median is { } m && m > 0.5 * floor && m < 5 * floor, $"{region}: probe median {median} ms is not of the order of F {floor} ms");
        }

        Assert.True(await browser.Page.Locator("#charts figure[data-chart='wan-bytes'] path[data-series]").CountAsync() == 6, "a bytes line per directed WAN link");
        await browser.Page.Locator("section:has(#charts)").ScreenshotAsync(new() { Path = Path.Combine(shots, "dashboard-charts.png") });
    }

    /// <summary>The newest value of one chart line (its data-last), null when the line has none yet.</summary>
    private static async Task<double?> LastAsync(BrowserSession browser, string chart, string series)
    {
        var line = browser.Page.Locator($"#charts figure[data-chart='{chart}'] path[data-series='{series}']");
        if (await line.CountAsync() == 0)
        {
            return null;
        }

        var last = await line.GetAttributeAsync("data-last");
        return string.IsNullOrEmpty(last) ? null : double.Parse(last, CultureInfo.InvariantCulture);
    }
}
