using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Meridian.Agent;

/// <summary>
/// A minimal HTTP/1.0 server on a TcpListener (no Kestrel: memory matters on every node): one request per connection,
/// GET only, answer and close. Enough for HAProxy's httpchk and a Prometheus scrape.
/// https://www.rfc-editor.org/rfc/rfc1945
/// </summary>
public sealed class HealthHttpServer(IPEndPoint endpoint, Func<string, HttpReply> handle, AgentLog log)
{
    /// <summary>
    /// Connections served at once. The legitimate load is one HAProxy check a second from each region's router plus a
    /// metrics scrape, so 32 leaves ample room; past it a connection is closed at once, keeping the agent's memory and
    /// descriptors bounded under a flood from the LAN (docs/security.md, "Host privileges and secrets").
    /// </summary>
    public const int MaxConnections = 32;

    /// <summary>
    /// A client has this long to send its request line and take the answer (HAProxy's `timeout check` is 2 s as well):
    /// a client that connects and stays silent holds a slot for no longer.
    /// </summary>
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(2);

    private int _open;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var listener = new TcpListener(endpoint);
        listener.Start();
        log.Info($"HTTP health and metrics on {endpoint}");
        while (!cancellationToken.IsCancellationRequested)
        {
            TcpClient connection;
            try
            {
                connection = await listener.AcceptTcpClientAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            if (Interlocked.Increment(ref _open) > MaxConnections)
            {
                Interlocked.Decrement(ref _open);
                connection.Client.LingerState = new LingerOption(true, 0);
                connection.Dispose();
                continue;
            }

            _ = ServeAsync(connection, cancellationToken);
        }
    }

    private async Task ServeAsync(TcpClient connection, CancellationToken cancellationToken)
    {
        using (connection)
        {
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(RequestTimeout);
                var stream = connection.GetStream();
                var requestLine = await ReadRequestLineAsync(stream, timeout.Token).ConfigureAwait(false);
                var parts = requestLine.Split(' ');
                var reply = parts.Length >= 2 && parts[0] == "GET"
                    ? handle(parts[1])
                    : new HttpReply(405, "text/plain", "only GET is served");
                var body = Encoding.UTF8.GetBytes(reply.Body.EndsWith('\n') ? reply.Body : reply.Body + "\n");
                var head = Encoding.ASCII.GetBytes(
                    $"HTTP/1.0 {reply.StatusCode} {Reason(reply.StatusCode)}\r\nContent-Type: {reply.ContentType}\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n");
                await stream.WriteAsync(head, timeout.Token).ConfigureAwait(false);
                await stream.WriteAsync(body, timeout.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException)
            {
                // A client that hangs up or dawdles just loses its answer.
            }
            finally
            {
                Interlocked.Decrement(ref _open);
            }
        }
    }

    /// <summary>Reads up to the end of the header block (or 8 KiB) and returns the first line.</summary>
    private static async Task<string> ReadRequestLineAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var buffer = new byte[8192];
        var filled = 0;
        while (filled < buffer.Length)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(filled), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            filled += read;
            var text = Encoding.ASCII.GetString(buffer, 0, filled);
            if (text.Contains("\r\n\r\n", StringComparison.Ordinal) || text.Contains("\n\n", StringComparison.Ordinal))
            {
                break;
            }
        }

        var all = Encoding.ASCII.GetString(buffer, 0, filled);
        var end = all.IndexOf('\n', StringComparison.Ordinal);
        return (end < 0 ? all : all[..end]).TrimEnd('\r');
    }

    private static string Reason(int code) => code switch
    {
        200 => "OK",
        404 => "Not Found",
        405 => "Method Not Allowed",
        503 => "Service Unavailable",
        _ => "Status",
    };
}
