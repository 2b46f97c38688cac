using System.Diagnostics;
using Meridian.Runtime.Processes;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Meridian.Integration.Tests.Browser;

/// <summary>
/// One headless Chromium (Debian's <c>chromium</c> package, which ./test.sh installs) driven through Playwright for
/// .NET, with one page, for the dashboard's browser tests (docs/lab.md, "Browser tests").
/// <para>
/// Playwright runs its node driver, shipped inside the Microsoft.Playwright package (.playwright/ next to the tests),
/// and that driver starts <see cref="ChromiumPath"/>: no browser download (<c>playwright install</c>) is needed or
/// possible. Every console error and uncaught page error is collected from the start, so that a test can assert the
/// page ran cleanly (<see cref="AssertNoErrors"/>).
/// </para>
/// </summary>
/// <example>
/// The dashboard's DOM contract, as a test waits on it:
/// <code>
/// await using var browser = await BrowserSession.StartAsync(output);
/// await browser.OpenAsync($"http://{dashboard}/");
/// await browser.WaitForAsync("#connection[data-state='live']");
/// await browser.WaitForAsync("#topology [data-node='db-eu-1'][data-state='Synced']");
/// // after `meridian wan cut eu~us`:
/// await browser.WaitForAsync("#topology [data-tunnel='eu~us'][data-state='cut']", TimeSpan.FromSeconds(2));
/// var kinds = await browser.Page.Locator("#timeline li[data-kind]").EvaluateAllAsync&lt;string[]&gt;("els => els.map(e => e.dataset.kind)");
/// var updated = await browser.Page.EvaluateAsync&lt;string&gt;("document.body.dataset.updated");
/// await browser.ScreenshotAsync("docs/img/dashboard-cut.png");
/// await browser.SetViewportAsync(BrowserSession.Phone);
/// browser.AssertNoErrors();
/// </code>
/// Regions are <c>#topology [data-region='NAME']</c>; tunnels are named <c>A~B</c> with state up, down or cut.
/// </example>
public sealed class BrowserSession : IAsyncDisposable
{
    public const string ChromiumPath = "/usr/bin/chromium";

    public static readonly ViewportSize Desktop = new() { Width = 1280, Height = 800 };
    public static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };

    // Headless with nothing that reaches beyond loopback: no sandbox (root, and namespaces of its own are not needed),
    // no GPU, no QUIC, no first-run, background, component-update or sync traffic. Playwright adds its own defaults.
    static readonly string[] ChromiumArguments =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync",
    ];

    // A healthy browser closes in well under a second; past this it is killed by PID.
    static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(5);

    readonly IPlaywright playwright;
    readonly IBrowserContext context;
    readonly string userDataDir;
    readonly List<string> consoleErrors = [];
    readonly List<string> pageErrors = [];
    readonly Lock errorsLock = new();

    BrowserSession(IPlaywright playwright, IBrowserContext context, IPage page, string userDataDir, int browserPid, TimeSpan startTime)
    {
        this.playwright = playwright;
        this.context = context;
        this.userDataDir = userDataDir;
        Page = page;
        BrowserPid = browserPid;
        StartTime = startTime;
        context.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                lock (errorsLock) consoleErrors.Add($"{message.Text} ({message.Location})");
            }
        };
        context.WebError += (_, error) =>
        {
            lock (errorsLock) pageErrors.Add(error.Error);
        };
    }

    /// <summary>The one page; Playwright's API is there for whatever the helpers here do not cover.</summary>
    public IPage Page { get; }

    /// <summary>The Chromium browser process (the root of its renderers and helpers).</summary>
    public int BrowserPid { get; }

    /// <summary>The fresh profile (--user-data-dir), a temporary directory removed when the session ends.</summary>
    public string ProfileDirectory => userDataDir;

    /// <summary>From starting the Playwright driver to a page ready to navigate.</summary>
    public TimeSpan StartTime { get; }

    /// <summary>Console messages of type error, with their source location (a failed resource load is one).</summary>
    public IReadOnlyList<string> ConsoleErrors { get { lock (errorsLock) return [.. consoleErrors]; } }

    /// <summary>Uncaught exceptions and unhandled promise rejections in the page.</summary>
    public IReadOnlyList<string> PageErrors { get { lock (errorsLock) return [.. pageErrors]; } }

    /// <summary>Starts Chromium with a fresh profile in a temporary directory, one page at <paramref name="viewport"/> (default <see cref="Desktop"/>).</summary>
    public static async Task<BrowserSession> StartAsync(ITestOutputHelper? output = null, ViewportSize? viewport = null)
    {
        if (!File.Exists(ChromiumPath))
        {
            // Fail, never skip: a green run without a browser would prove nothing about the page.
            throw new InvalidOperationException(
                $"The browser tests need Debian's chromium ({ChromiumPath} is missing). ./test.sh installs it when run as root; or: apt-get install -y --no-install-recommends chromium");
        }

        var started = Stopwatch.StartNew();
        var userDataDir = Directory.CreateTempSubdirectory("meridian-chromium-").FullName;
        IPlaywright? playwright = null;
        IBrowserContext? context = null;
        try
        {
            playwright = await Playwright.CreateAsync();
            var driverReady = started.Elapsed;
            // A persistent context takes our own profile directory (Playwright refuses --user-data-dir in Args), so that
            // the browser's process can be found by it and the directory removed whatever happens to the browser.
            context = await playwright.Chromium.LaunchPersistentContextAsync(userDataDir, new()
            {
                ExecutablePath = ChromiumPath,
                Headless = true,
                Args = ChromiumArguments,
                ViewportSize = viewport ?? Desktop,
                Timeout = 30_000,
            });
            context.SetDefaultTimeout(10_000);
            var page = context.Pages.Count > 0 ? context.Pages[0] : await context.NewPageAsync();
            var pid = FindBrowserPid(userDataDir) ?? throw new InvalidOperationException($"Chromium started, but no process has --user-data-dir={userDataDir}");
            var session = new BrowserSession(playwright, context, page, userDataDir, pid, started.Elapsed);
            output?.WriteLine($"chromium pid {pid} ready in {session.StartTime.TotalMilliseconds:F0} ms (Playwright driver {driverReady.TotalMilliseconds:F0} ms; profile {userDataDir})");
            return session;
        }
        catch
        {
            await StopAsync(playwright, context, userDataDir);
            throw;
        }
    }

    /// <summary>Opens <paramref name="url"/> and waits for its load event.</summary>
    public async Task OpenAsync(string url)
    {
        var response = await Page.GotoAsync(url, new() { WaitUntil = WaitUntilState.Load });
        if (response is { Ok: false })
        {
            throw new InvalidOperationException($"{url}: HTTP {response.Status} {response.StatusText}");
        }
    }

    /// <summary>
    /// Waits until an element matching <paramref name="selector"/> is in the DOM (default 2 s, the dashboard's update
    /// target in issue 14); throws <see cref="TimeoutException"/> naming the selector otherwise. Attached, not visible:
    /// the DOM contract is in the attributes, and an SVG line may be zero-sized.
    /// </summary>
    public async Task<IElementHandle> WaitForAsync(string selector, TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(2);
        try
        {
            return (await Page.WaitForSelectorAsync(selector, new() { State = WaitForSelectorState.Attached, Timeout = (float)limit.TotalMilliseconds }))!;
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{selector} did not appear within {limit.TotalSeconds:0.###} s on {Page.Url}", e);
        }
    }

    public Task SetViewportAsync(ViewportSize size) => Page.SetViewportSizeAsync(size.Width, size.Height);

    /// <summary>A PNG of the viewport at <paramref name="path"/> (directories created); returns the full path.</summary>
    public async Task<string> ScreenshotAsync(string path, bool fullPage = false)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        await Page.ScreenshotAsync(new() { Path = full, Type = ScreenshotType.Png, FullPage = fullPage });
        return full;
    }

    /// <summary>The dashboard must run without JavaScript errors in the console (issue 14, point 5).</summary>
    public void AssertNoErrors()
    {
        var errors = ConsoleErrors.Select(e => "console: " + e).Concat(PageErrors.Select(e => "page: " + e)).ToList();
        Assert.True(errors.Count == 0, "The page reported errors:\n" + string.Join('\n', errors));
    }

    public async ValueTask DisposeAsync() => await StopAsync(playwright, context, userDataDir);

    static async Task StopAsync(IPlaywright? playwright, IBrowserContext? context, string userDataDir)
    {
        if (context is not null)
        {
            try
            {
                await context.CloseAsync().WaitAsync(CloseTimeout);
            }
            catch (Exception e) when (e is TimeoutException or PlaywrightException)
            {
                // Killed below, by PID.
            }
        }

        playwright?.Dispose();
        // A browser that did not close (hung, or the driver died) is killed with its subtree. Only a process whose
        // argv names this session's own profile directory is ours: nothing else is touched.
        if (FindBrowserPid(userDataDir) is { } pid)
        {
            try
            {
                using var process = Process.GetProcessById(pid);
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or TimeoutException)
            {
                // Already gone.
            }
        }

        try
        {
            Directory.Delete(userDataDir, recursive: true);
        }
        catch (IOException)
        {
            // A renderer may still be writing while it dies; one retry.
            await Task.Delay(200);
            Directory.Delete(userDataDir, recursive: true);
        }
    }

    /// <summary>The browser process: the one whose argv holds this profile and whose parent does not (renderers, the zygote and the GPU process are its descendants).</summary>
    static int? FindBrowserPid(string userDataDir)
    {
        var flag = "--user-data-dir=" + userDataDir;
        var table = ProcessTable.Read();
        var ours = table.Where(p => p.Arguments.Contains(flag)).Select(p => p.Pid).ToHashSet();
        return table.Where(p => ours.Contains(p.Pid) && !ours.Contains(p.ParentPid)).Select(p => (int?)p.Pid).FirstOrDefault();
    }
}
