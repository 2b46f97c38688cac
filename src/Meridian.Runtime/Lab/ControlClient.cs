using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Meridian.Runtime.Lab;

/// <summary>Sends one request to a supervisor and returns its response.</summary>
public static class ControlClient
{
    public static async Task<ControlResponse> SendAsync(string socketPath, ControlRequest request, CancellationToken cancellationToken)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken).ConfigureAwait(false);
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        await using var writer = new StreamWriter(stream, new UTF8Encoding(false)) { AutoFlush = true };
        using var reader = new StreamReader(stream, Encoding.UTF8);
        await writer.WriteLineAsync(JsonSerializer.Serialize(request, ControlJson.Options)).ConfigureAwait(false);
        var line = await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new IOException($"the supervisor closed {socketPath} without answering");
        return JsonSerializer.Deserialize<ControlResponse>(line, ControlJson.Options)
            ?? throw new IOException("the supervisor sent an empty response");
    }

    /// <summary>True when a supervisor answers on the socket within the timeout.</summary>
    public static async Task<bool> IsAnsweringAsync(string socketPath, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (!File.Exists(socketPath))
        {
            return false;
        }

        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        try
        {
            return (await SendAsync(socketPath, new ControlRequest("ping"), cts.Token).ConfigureAwait(false)).Ok;
        }
        catch (Exception ex) when (ex is SocketException or IOException or OperationCanceledException)
        {
            return false;
        }
    }
}
