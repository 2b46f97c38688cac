using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Meridian.Integration.Tests.Endpoints;

/// <summary>A client in the root namespace, as an operator's mariadb client would be.</summary>
internal static class EndpointClient
{
    /// <summary>
    /// Connects and reads the first line. Null when the connection is closed or reset before a whole line arrives:
    /// what a client sees when HAProxy has no healthy server.
    /// </summary>
    public static async Task<string?> ReadBannerAsync(IPEndPoint endpoint, TimeSpan timeout)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await socket.ConnectAsync(endpoint, cts.Token);
            return await ReadLineAsync(socket, cts.Token);
        }
        catch (SocketException)
        {
            return null;
        }
    }

    public static async Task<string?> ReadLineAsync(Socket socket, CancellationToken cancellationToken)
    {
        var line = new StringBuilder();
        var one = new byte[1];
        while (true)
        {
            if (await socket.ReceiveAsync(one, SocketFlags.None, cancellationToken) == 0)
            {
                return null;
            }

            line.Append((char)one[0]);
            if (one[0] == '\n')
            {
                return line.ToString();
            }
        }
    }
}
