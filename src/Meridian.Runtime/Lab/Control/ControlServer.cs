using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Meridian.Runtime.Files;

namespace Meridian.Runtime.Lab.Control;

/// <summary>
/// A supervisor's control socket: a unix stream socket (mode 0600, root only) speaking JSON lines, one
/// <see cref="ControlRequest"/> in and one <see cref="ControlResponse"/> out per line (docs/lab.md, "The control socket").
/// Unix sockets work across network namespaces (docs/lab-notes.md#namespaces), and file permissions authenticate the caller.
/// </summary>
public sealed class ControlServer(string socketPath, Func<ControlRequest, CancellationToken, Task<ControlResponse>> handle) : IAsyncDisposable
{
    private readonly Socket listener = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
    private readonly CancellationTokenSource stopping = new();
    private Task? acceptLoop;

    public void Start()
    {
        File.Delete(socketPath);
        listener.Bind(new UnixDomainSocketEndPoint(socketPath));
        File.SetUnixFileMode(socketPath, AtomicFile.Secret);
        listener.Listen(16);
        acceptLoop = AcceptLoopAsync(stopping.Token);
    }

    private async Task AcceptLoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            _ = ServeAsync(client, cancellationToken);
        }
    }

    private async Task ServeAsync(Socket client, CancellationToken cancellationToken)
    {
        using (client)
        {
            await using var stream = new NetworkStream(client, ownsSocket: false);
            using var reader = new StreamReader(stream, Encoding.UTF8);
            await using var writer = new StreamWriter(stream, new UTF8Encoding(false)) { AutoFlush = true };
            while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
            {
                ControlResponse response;
                try
                {
                    // An unknown or missing "op" fails here, before any handler runs; the caller gets the reason.
                    var request = JsonSerializer.Deserialize<ControlRequest>(line, ControlJson.Options)
                        ?? throw new JsonException("empty request");
                    response = await handle(request, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    response = ControlResponse.Failure(ex.Message, ex switch
                    {
                        LabException lab => lab.Hint,
                        Endpoints.EndpointPortInUseException port => port.Hint,
                        _ => null,
                    });
                }

                await writer.WriteLineAsync(JsonSerializer.Serialize(response, ControlJson.Options)).ConfigureAwait(false);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync().ConfigureAwait(false);
        listener.Dispose();
        if (acceptLoop is not null)
        {
            await acceptLoop.ConfigureAwait(false);
        }

        File.Delete(socketPath);
        stopping.Dispose();
    }
}
