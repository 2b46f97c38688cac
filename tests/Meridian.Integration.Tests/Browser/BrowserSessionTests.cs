using System.Buffers.Binary;
using System.Diagnostics;
using Meridian.Runtime.Processes;
using Xunit.Abstractions;

namespace Meridian.Integration.Tests.Browser;

/// <summary>
/// The browser harness against pages this process serves: it sees an attribute change, collects console and page
/// errors (and none on a clean page), takes PNGs of the viewport at desktop and phone sizes, and leaves no browser
/// process or profile behind. No lab and no root needed; Debian's chromium is (./test.sh installs it).
/// </summary>
[Trait("Category", "Browser")]
[Collection(RunsAlone.Name)]
public sealed class BrowserSessionTests(ITestOutputHelper output)
{
    // A tunnel whose state the page changes 500 ms after it runs, as the dashboard will on an update; it logs nothing.
    const string GoodPage = """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>good</title><link rel="icon" href="data:,"></head>
        <body><ul id="topology"><li data-tunnel="a~b" data-state="up">a~b</li></ul>
        <script>
          setTimeout(() => {
            document.querySelector('#topology [data-tunnel="a~b"]').dataset.state = 'cut';
            document.body.dataset.updated = new Date().toISOString();
            window.cutAt = performance.now();
          }, 500);
        </script></body></html>
        """;

    // One of each error the dashboard's tests must catch: a console.error, a missing resource (the console's
    // "Failed to load resource" error) and an uncaught exception.
    const string BadPage = """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>bad</title><link rel="icon" href="data:,"></head>
        <body><p>bad</p>
        <script>console.error('logged by the page');</script>
        <script src="/missing.js"></script>
        <script>throw new Error('thrown by the page');</script>
        </body></html>
        """;

    [Fact]
    public async Task Given_a_page_that_changes_an_attribute_Then_the_wait_sees_it_and_no_errors_are_collected()
    {
        await using var server = new StaticPageServer(new Dictionary<string, string> { ["/good"] = GoodPage });
        await using var browser = await BrowserSession.StartAsync(output);

        await browser.OpenAsync(server.Url("/good"));
        // The page's own clock (from navigation start) says whether its timer could have fired yet: before 500 ms it
        // cannot, and the state must still be the first one. A slow machine past 500 ms proves nothing here, never fails.
        var before = await browser.Page.EvaluateAsync<double[]>(
            "[performance.now(), document.querySelector(\"#topology [data-tunnel='a~b']\").dataset.state === 'up' ? 1 : 0]");
        Assert.True(before[0] >= 500 || before[1] == 1, $"the tunnel was not 'up' at {before[0]:F0} ms");

        var waited = Stopwatch.StartNew();
        await browser.WaitForAsync("#topology [data-tunnel='a~b'][data-state='cut']");
        var cutAt = await browser.Page.EvaluateAsync<double>("window.cutAt");
        output.WriteLine($"page loaded at {before[0]:F0} ms, cut at {cutAt:F0} ms, the wait returned after {waited.ElapsedMilliseconds} ms");
        Assert.True(cutAt >= 500, $"cut at {cutAt} ms");
        Assert.NotNull(await browser.Page.EvaluateAsync<string?>("document.body.dataset.updated"));

        // The wait is no formality: a state that never comes times out, naming the selector.
        var missing = await Assert.ThrowsAsync<TimeoutException>(() => browser.WaitForAsync("#topology [data-state='down']", TimeSpan.FromMilliseconds(300)));
        Assert.Contains("[data-state='down']", missing.Message, StringComparison.Ordinal);

        Assert.Empty(browser.ConsoleErrors);
        Assert.Empty(browser.PageErrors);
        browser.AssertNoErrors();
    }

    [Fact]
    public async Task Given_a_page_that_logs_fails_a_load_and_throws_Then_each_error_is_collected()
    {
        await using var server = new StaticPageServer(new Dictionary<string, string> { ["/bad"] = BadPage });
        await using var browser = await BrowserSession.StartAsync(output);

        await browser.OpenAsync(server.Url("/bad"));
        // Events reach .NET through the driver after the load event; the uncaught error is the last of them.
        for (var i = 0; i < 50 && browser.PageErrors.Count == 0; i++)
        {
            await Task.Delay(20);
        }

        foreach (var error in browser.ConsoleErrors.Concat(browser.PageErrors))
        {
            output.WriteLine(error);
        }

        Assert.Contains(browser.PageErrors, e => e.Contains("thrown by the page", StringComparison.Ordinal));
        Assert.Contains(browser.ConsoleErrors, e => e.Contains("logged by the page", StringComparison.Ordinal));
        Assert.Contains(browser.ConsoleErrors, e => e.Contains("404", StringComparison.Ordinal) && e.Contains("/missing.js", StringComparison.Ordinal));
        Assert.Throws<Xunit.Sdk.TrueException>(browser.AssertNoErrors);
    }

    [Fact]
    public async Task Given_desktop_and_phone_viewports_Then_each_screenshot_is_a_png_of_that_size()
    {
        await using var server = new StaticPageServer(new Dictionary<string, string> { ["/good"] = GoodPage });
        var directory = Directory.CreateTempSubdirectory("meridian-screenshots-").FullName;
        try
        {
            await using var browser = await BrowserSession.StartAsync(output);
            await browser.OpenAsync(server.Url("/good"));

            var desktop = await browser.ScreenshotAsync(Path.Combine(directory, "desktop.png"));
            Assert.Equal((1280, 800), PngSize(desktop));

            await browser.SetViewportAsync(BrowserSession.Phone);
            var phone = await browser.ScreenshotAsync(Path.Combine(directory, "phone.png"));
            Assert.Equal((390, 844), PngSize(phone));
            browser.AssertNoErrors();
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Given_a_session_Then_disposing_it_ends_the_browser_and_removes_its_profile()
    {
        int pid;
        string profile;
        await using (var browser = await BrowserSession.StartAsync(output))
        {
            pid = browser.BrowserPid;
            var self = ProcessTable.Read().Single(p => p.Pid == pid);
            Assert.EndsWith("chromium", self.Arguments[0], StringComparison.Ordinal);
            profile = self.Arguments.Single(a => a.StartsWith("--user-data-dir=", StringComparison.Ordinal))["--user-data-dir=".Length..];
            Assert.True(Directory.Exists(profile));
            output.WriteLine($"{ProcessTable.Subtree(ProcessTable.Read(), pid).Length} chromium processes");
        }

        Assert.DoesNotContain(ProcessTable.Read(), p => p.Pid == pid || p.Arguments.Any(a => a.Contains(profile, StringComparison.Ordinal)));
        Assert.False(Directory.Exists(profile));
    }

    [Fact]
    public async Task Given_a_browser_that_hangs_Then_disposing_kills_it_by_pid_and_removes_its_profile()
    {
        var browser = await BrowserSession.StartAsync(output);
        var tree = ProcessTable.Subtree(ProcessTable.Read(), browser.BrowserPid).Select(p => p.Pid).ToArray();
        var profile = browser.ProfileDirectory;
        // SIGSTOP: the browser no longer answers, so closing it through Playwright times out.
        Assert.True(Signals.Send(ProcessIdentity.TryRead(browser.BrowserPid)!, Signals.SigStop));

        var disposing = Stopwatch.StartNew();
        await browser.DisposeAsync();
        output.WriteLine($"disposed in {disposing.ElapsedMilliseconds} ms; {tree.Length} processes were in the browser's tree");

        Assert.DoesNotContain(ProcessTable.Read(), p => tree.Contains(p.Pid) && p.Arguments.Any(a => a.Contains(profile, StringComparison.Ordinal)));
        Assert.False(Directory.Exists(profile));
    }

    /// <summary>Width and height from the IHDR chunk, which follows the 8-byte signature (https://www.w3.org/TR/png/#5PNG-file-signature).</summary>
    static (int Width, int Height) PngSize(string path)
    {
        var bytes = File.ReadAllBytes(path);
        Assert.Equal<byte>([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A], bytes[..8]);
        Assert.Equal("IHDR"u8.ToArray(), bytes[12..16]);
        return (BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20)));
    }
}
