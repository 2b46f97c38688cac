using System.Buffers;
using System.Net.Sockets;

namespace Meridian.Runtime.Endpoints;

/// <summary>
/// Copies bytes both ways between two connected TCP sockets until both directions have ended.
/// Backpressure: a pump reads the next chunk only after the previous one was fully sent, so a slow reader on one side
/// fills the kernel buffers and then stops the writer on the other, with at most one pooled buffer per direction.
/// Half-close: an EOF from one side becomes shutdown(SHUT_WR) towards the other, and the opposite direction goes on
/// (a client may send FIN and still read the answer). An error in either direction ends the whole session.
/// </summary>
internal static class TcpSplice
{
    /// <summary>Large enough that 50 MB moves in under 1,000 round trips of the pump; small enough to pool per direction.</summary>
    public const int BufferSize = 64 * 1024;

    /// <returns>True when both directions ended with an orderly EOF; false when the session was aborted.</returns>
    public static async Task<bool> RunAsync(Socket client, Socket server, EndpointCounters counters, CancellationToken cancellationToken)
    {
        using var session = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var results = await Task.WhenAll(
            PumpAsync(client, server, counters.AddToEndpoint, session),
            PumpAsync(server, client, counters.AddFromEndpoint, session)).ConfigureAwait(false);
        return results[0] && results[1];
    }

    private static async Task<bool> PumpAsync(Socket from, Socket to, Action<int> count, CancellationTokenSource session)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            while (true)
            {
                var received = await from.ReceiveAsync(buffer.AsMemory(), SocketFlags.None, session.Token).ConfigureAwait(false);
                if (received == 0)
                {
                    to.Shutdown(SocketShutdown.Send);
                    return true;
                }

                var sent = 0;
                while (sent < received)
                {
                    sent += await to.SendAsync(buffer.AsMemory(sent, received - sent), SocketFlags.None, session.Token).ConfigureAwait(false);
                }

                count(received);
            }
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // A reset or a shutdown on one side: the other direction has nothing left to talk to.
            await session.CancelAsync().ConfigureAwait(false);
            return false;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
