using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;
using Meridian.Integration.Tests.Lab;
using Meridian.Runtime.Fabric;
using Meridian.Runtime.Processes;

namespace Meridian.Integration.Tests.Dashboard;

/// <summary>
/// `meridian dashboard … --listen 127.0.0.1:0` as its own process, ready once it prints its address; in a namespace of
/// its own when the cluster's hosts are reached from one (an ssh cluster's operator namespace), and then an HTTP client
/// whose sockets are made in that namespace. Stopped with SIGTERM, as Ctrl-C would.
/// </summary>
internal sealed partial class DashboardProcess : IAsyncDisposable
{
    private DashboardProcess(Process process, Uri url, string? ns)
    {
        Process = process;
        Url = url;
        Http = ns is null ? new HttpClient() : new HttpClient(new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = await NetnsScope.RunAsync(ns, () => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp));
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            },
        });
        Http.BaseAddress = url;
    }

    public Process Process { get; }

    public Uri Url { get; }

    public HttpClient Http { get; }

    public static async Task<DashboardProcess> StartAsync(string stateRoot, IReadOnlyList<string> arguments, string? ns = null)
    {
        var start = new ProcessStartInfo(ns is null ? MeridianBinary.Path : "ip") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in ns is null ? ["dashboard", .. arguments] : (string[])["netns", "exec", ns, MeridianBinary.Path, "dashboard", .. arguments])
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["MERIDIAN_STATE_ROOT"] = stateRoot;
        var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start meridian dashboard");
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            if (Ready().Match(line) is { Success: true } match)
            {
                _ = process.StandardOutput.BaseStream.CopyToAsync(Stream.Null);
                return new DashboardProcess(process, new Uri(match.Groups["url"].Value), ns);
            }
        }

        await process.WaitForExitAsync();
        throw new InvalidOperationException($"meridian dashboard exited ({process.ExitCode}) before it listened: {await errors}");
    }

    public async Task<JsonDocument> GetJsonAsync(string path) => JsonDocument.Parse(await Http.GetStringAsync(new Uri(path, UriKind.Relative)));

    /// <summary>GETs <paramref name="path"/> until <paramref name="done"/> holds for its JSON, which is returned; fails after <paramref name="timeout"/>.</summary>
    public async Task<JsonDocument> UntilJsonAsync(string path, Func<JsonElement, bool> done, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            using var response = await Http.GetAsync(new Uri(path, UriKind.Relative));
            var body = await response.Content.ReadAsStringAsync();

            // 503 until the first snapshot: the source is still connecting.
            if (response.IsSuccessStatusCode)
            {
                var json = JsonDocument.Parse(body);
                if (done(json.RootElement))
                {
                    return json;
                }

                json.Dispose();
            }

            Assert.True(DateTime.UtcNow < deadline, $"not within {timeout.TotalSeconds} s: {what}; last {path}: {(int)response.StatusCode} {body}");
            await Task.Delay(500);
        }
    }

    public double RssMb() =>
        double.Parse(File.ReadAllLines($"/proc/{Process.Id}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) / 1024;

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!Process.HasExited)
        {
            if (ProcessIdentity.TryRead(Process.Id) is { } identity)
            {
                Signals.Send(identity, Signals.SigTerm);
            }

            await Process.WaitForExitAsync();
        }

        Process.Dispose();
    }

    [GeneratedRegex(@"^dashboard: (?<url>http://\S+) \(Ctrl-C stops it\)$", RegexOptions.CultureInvariant)]
    private static partial Regex Ready();
}
