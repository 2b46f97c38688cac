using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Meridian.Integration.Tests.Browser;

/// <summary>
/// Serves fixed pages on 127.0.0.1 at a port the kernel picks, for the browser harness's own tests. A bare HTTP/1.1
/// responder on a TcpListener: HttpListener cannot take port 0, and ASP.NET Core's framework stays out of the test
/// output (Meridian.Integration.Tests.csproj). Every response closes its connection; an unknown path is a 404.
/// </summary>
public sealed class StaticPageServer : IAsyncDisposable
{
    readonly TcpListener listener = new(IPAddress.Loopback, 0);
    readonly IReadOnlyDictionary<string, string> pages;
    readonly CancellationTokenSource stop = new();
    readonly Task accepting;

    public StaticPageServer(IReadOnlyDictionary<string, string> pages)
    {
        this.pages = pages;
        listener.Start();
        accepting = AcceptAsync();
    }

    public string Url(string path) => $"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}{path}";

    async Task AcceptAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            _ = ServeAsync(client);
        }
    }

    async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        try
        {
            var stream = client.GetStream();
            using var reader = new StreamReader(stream, Encoding.ASCII, leaveOpen: true);
            var requestLine = await reader.ReadLineAsync(stop.Token) ?? "";
            while (!string.IsNullOrEmpty(await reader.ReadLineAsync(stop.Token)))
            {
                // Headers: not needed.
            }

            var path = requestLine.Split(' ') is [_, var target, ..] ? target.Split('?')[0] : "/";
            var found = pages.TryGetValue(path, out var body);
            var content = Encoding.UTF8.GetBytes(body ?? "not found");
            var head = $"HTTP/1.1 {(found ? "200 OK" : "404 Not Found")}\r\nContent-Type: {(found ? "text/html; charset=utf-8" : "text/plain")}\r\n" +
                       $"Content-Length: {content.Length}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(head), stop.Token);
            await stream.WriteAsync(content, stop.Token);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or SocketException)
        {
            // The browser closed the connection, or the server is stopping.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        listener.Stop();
        await accepting;
        stop.Dispose();
    }
}
