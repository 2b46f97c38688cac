using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Meridian.Runtime.Lab.Control;

/// <summary>
/// Talks to one supervisor's control socket: each request on its own connection, one JSON line out and one back
/// (docs/lab.md, "The control socket").
/// </summary>
/// <param name="refusedHint">What the user is told to do when the supervisor refuses a request without a hint of its own.</param>
public sealed class ControlClient(string socketPath, string refusedHint = ControlClient.DefaultRefusedHint)
{
    public const string DefaultRefusedHint = "check the arguments; `meridian --help` lists them";

    /// <summary>
    /// Sends <paramref name="request"/> and returns the supervisor's answer; a refusal throws <see cref="LabException"/>
    /// with the supervisor's hint. No supervisor at all throws what the socket throws (SocketException, IOException).
    /// </summary>
    public async Task<TResponse> SendAsync<TResponse>(ControlRequest<TResponse> request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var response = await ExchangeAsync(request, cancellationToken).ConfigureAwait(false);
        if (!response.Ok)
        {
            throw new LabException(response.Error ?? "the supervisor refused the request", response.Hint ?? refusedHint);
        }

        return response.Data is { } data
            ? data.Deserialize<TResponse>(ControlJson.Options)!
            : throw new LabException("the supervisor sent no data", string.Empty);
    }

    /// <summary>True when a supervisor answers a ping on the socket within the timeout.</summary>
    public async Task<bool> IsAnsweringAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (!File.Exists(socketPath))
        {
            return false;
        }

        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        try
        {
            await SendAsync(new PingRequest(), cts.Token).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ex is SocketException or IOException or OperationCanceledException or LabException)
        {
            return false;
        }
    }

    private async Task<ControlResponse> ExchangeAsync(ControlRequest request, CancellationToken cancellationToken)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken).ConfigureAwait(false);
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        await using var writer = new StreamWriter(stream, new UTF8Encoding(false)) { AutoFlush = true };
        using var reader = new StreamReader(stream, Encoding.UTF8);
        // Serialized as the base type, so the "op" discriminator is written (docs/lab.md, "The control socket").
        await writer.WriteLineAsync(JsonSerializer.Serialize(request, ControlJson.Options)).ConfigureAwait(false);
        var line = await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new IOException($"the supervisor closed {socketPath} without answering");
        return JsonSerializer.Deserialize<ControlResponse>(line, ControlJson.Options)
            ?? throw new IOException("the supervisor sent an empty response");
    }
}
