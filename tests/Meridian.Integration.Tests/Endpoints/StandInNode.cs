using System.Buffers;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Meridian.Runtime.Fabric;

namespace Meridian.Integration.Tests.Endpoints;

/// <summary>
/// What HAProxy sees of a Galera node until mariadbd and the agent exist, inside the node's namespace and in this
/// process: a "SQL" server on :3306 that sends a banner first (as MariaDB's greeting does) and then echoes every byte,
/// and a health responder on :9200 that answers 200 or 503 like the agent. The listening sockets are created in the
/// node's namespace (<see cref="NetnsScope"/>) and served from ordinary async code.
/// </summary>
internal sealed class StandInNode : IAsyncDisposable
{
    private readonly Socket _sql;
    private readonly Socket _health;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _loops = [];
    private volatile bool _healthy = true;

    private StandInNode(string name, Socket sql, Socket health)
    {
        Name = name;
        _sql = sql;
        _health = health;
        _loops.Add(AcceptLoopAsync(_sql, ServeSqlAsync));
        _loops.Add(AcceptLoopAsync(_health, ServeHealthAsync));
    }

    public string Name { get; }

    /// <summary>The first line every SQL connection receives: tells a test which node it reached.</summary>
    public string Banner => $"stand-in {Name}\n";

    /// <summary>False makes the health responder answer 503, as the agent does for a node that is not Synced.</summary>
    public bool Healthy
    {
        get => _healthy;
        set => _healthy = value;
    }

    public static StandInNode Start(string name, string namespaceName, IPAddress address, int sqlPort, int healthPort)
    {
        var (sql, health) = NetnsScope.Run(namespaceName, () => (Listen(address, sqlPort), Listen(address, healthPort)));
        return new StandInNode(name, sql, health);
    }

    private static Socket Listen(IPAddress address, int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(address, port));
        socket.Listen(64);
        return socket;
    }

    private async Task AcceptLoopAsync(Socket listener, Func<Socket, CancellationToken, Task> serve)
    {
        var sessions = new List<Task>();
        while (!_stopping.IsCancellationRequested)
        {
            try
            {
                var client = await listener.AcceptAsync(_stopping.Token);
                sessions.Add(ServeAndCloseAsync(client, serve));
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                break;
            }
        }

        await Task.WhenAll(sessions);
    }

    private async Task ServeAndCloseAsync(Socket client, Func<Socket, CancellationToken, Task> serve)
    {
        using (client)
        {
            try
            {
                await serve(client, _stopping.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                // The peer went away or the test is over.
            }
        }
    }

    private async Task ServeSqlAsync(Socket client, CancellationToken cancellationToken)
    {
        await client.SendAsync(Encoding.ASCII.GetBytes(Banner), SocketFlags.None, cancellationToken);
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            while (true)
            {
                var received = await client.ReceiveAsync(buffer.AsMemory(), SocketFlags.None, cancellationToken);
                if (received == 0)
                {
                    client.Shutdown(SocketShutdown.Send);
                    return;
                }

                for (var sent = 0; sent < received;)
                {
                    sent += await client.SendAsync(buffer.AsMemory(sent, received - sent), SocketFlags.None, cancellationToken);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task ServeHealthAsync(Socket client, CancellationToken cancellationToken)
    {
        var buffer = new byte[4096];
        var request = new StringBuilder();
        while (!request.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            var received = await client.ReceiveAsync(buffer.AsMemory(), SocketFlags.None, cancellationToken);
            if (received == 0)
            {
                return;
            }

            request.Append(Encoding.ASCII.GetString(buffer, 0, received));
        }

        var response = Healthy
            ? "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 7\r\nConnection: close\r\n\r\nSynced\n"
            : "HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain\r\nContent-Length: 9\r\nConnection: close\r\n\r\nDonor/..\n";
        await client.SendAsync(Encoding.ASCII.GetBytes(response), SocketFlags.None, cancellationToken);
        client.Shutdown(SocketShutdown.Send);
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _sql.Dispose();
        _health.Dispose();
        await Task.WhenAll(_loops);
        _stopping.Dispose();
    }
}
