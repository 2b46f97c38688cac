using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Meridian.Runtime.Processes;

namespace Meridian.Runtime.Endpoints;

/// <summary>
/// One region's operator endpoint: listens on <see cref="EndpointRoute.Listen"/> (127.0.0.1) in the root namespace and
/// splices each accepted connection to HAProxy's frontend through a socket created inside the router's namespace
/// (<see cref="NamespaceSocketFactory"/>). Nothing is routed into the region CIDRs from the root namespace
/// (docs/architecture.md#operator-access). Lifecycle: <see cref="BindAsync"/> (may fail with
/// <see cref="EndpointPortInUseException"/>), then <see cref="StartAcceptingAsync"/>, then dispose.
/// <see cref="EndpointForwarderSet"/> does this for every region with all-or-nothing binding.
/// </summary>
public sealed class EndpointForwarder : IAsyncDisposable
{
    /// <summary>HAProxy listens in the same namespace as the outgoing socket, so a connect either succeeds or is refused at once.</summary>
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// At most this many sessions at once per region (docs/security.md, "Host privileges and secrets"). Each costs two
    /// sockets and two 64 KiB pump buffers in the supervisor, so 512 bounds it near 64 MiB and 1,024 descriptors (the
    /// default soft RLIMIT_NOFILE is 1,024 per process, shared by every region's forwarder). HAProxy's own `maxconn
    /// 2000` stays above it, so the cap here is what a local flood meets first.
    /// </summary>
    public const int DefaultMaxConnections = 512;

    private readonly Action<string> _log;
    private readonly EndpointCounters _counters = new();
    private readonly ConcurrentDictionary<long, Task> _sessions = new();
    private readonly CancellationTokenSource _stopping = new();
    private Socket? _listener;
    private NamespaceSocketFactory? _sockets;
    private Task? _acceptLoop;
    private long _nextSession;
    private long _refused;
    private string? _lastError;

    public EndpointForwarder(EndpointRoute route, Action<string>? log = null, int maxConnections = DefaultMaxConnections)
    {
        Route = route ?? throw new ArgumentNullException(nameof(route));
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConnections, 1);
        _log = log ?? (_ => { });
        MaxConnections = maxConnections;
    }

    public EndpointRoute Route { get; }

    public int MaxConnections { get; }

    /// <summary>Connections closed at once because <see cref="MaxConnections"/> sessions were open.</summary>
    public long ConnectionsRefused => Interlocked.Read(ref _refused);

    /// <summary>The bound address, with the real port when the route asked for port 0 (tests).</summary>
    public IPEndPoint? BoundEndpoint => _listener?.LocalEndPoint as IPEndPoint;

    /// <summary>
    /// Binds and listens, but accepts nothing yet. Throws <see cref="EndpointPortInUseException"/> naming the port and,
    /// when <c>ss</c> can tell, the process that holds it.
    /// </summary>
    public async Task BindAsync(ICommandRunner runner, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(runner);
        ObjectDisposedException.ThrowIf(_stopping.IsCancellationRequested, this);
        if (_listener is not null)
        {
            throw new InvalidOperationException($"the endpoint forwarder of {Route.Region} is already bound to {BoundEndpoint}");
        }

        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            listener.Bind(Route.Listen);
            listener.Listen(512);
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            listener.Dispose();
            var holder = await PortHolder.FindAsync(runner, Route.Listen.Port, cancellationToken).ConfigureAwait(false);
            throw new EndpointPortInUseException(Route.Region, Route.Listen.Port, holder, ex);
        }
        catch
        {
            listener.Dispose();
            throw;
        }

        _listener = listener;
    }

    /// <summary>Enters the router namespace once (a dedicated thread) and starts accepting connections.</summary>
    public async Task StartAcceptingAsync(CancellationToken cancellationToken = default)
    {
        var listener = _listener ?? throw new InvalidOperationException($"bind the endpoint forwarder of {Route.Region} first (BindAsync)");
        if (_acceptLoop is not null)
        {
            return;
        }

        _sockets = await NamespaceSocketFactory.StartAsync(Route.RouterNamespace, cancellationToken).ConfigureAwait(false);
        _acceptLoop = AcceptLoopAsync(listener, _stopping.Token);
        _log($"endpoint {Route.Region}: 127.0.0.1:{BoundEndpoint?.Port} → {Route.Target} in {Route.RouterNamespace}");
    }

    public EndpointForwarderStatus Status() => new(
        Route.Region,
        (BoundEndpoint ?? Route.Listen).ToString(),
        Route.Target.ToString(),
        _acceptLoop is { IsCompleted: false },
        _counters.Accepted,
        _counters.Active,
        _counters.Failed,
        _counters.BytesToEndpoint,
        _counters.BytesFromEndpoint,
        Volatile.Read(ref _lastError));

    private async Task AcceptLoopAsync(Socket listener, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException
                || (ex is SocketException && cancellationToken.IsCancellationRequested))
            {
                return; // disposed: closing the listener aborts the pending accept
            }
            catch (SocketException ex)
            {
                // EMFILE and friends: keep serving; the next accept may succeed once connections close.
                Note($"accept failed: {ex.Message}");
                await Task.Delay(100, CancellationToken.None).ConfigureAwait(false);
                continue;
            }

            // Over the cap: accepted only to be reset at once, so the backlog never fills and the cap is visible. Counted
            // before the reset, so whoever sees the reset also sees the count.
            if (_sessions.Count >= MaxConnections)
            {
                if (Interlocked.Increment(ref _refused) == 1)
                {
                    Note($"refusing connections: {MaxConnections} sessions are open (the cap)");
                }

                client.LingerState = new LingerOption(true, 0);
                client.Dispose();
                continue;
            }

            var id = Interlocked.Increment(ref _nextSession);
            _sessions[id] = ServeAsync(id, client, cancellationToken);
        }
    }

    private async Task ServeAsync(long id, Socket client, CancellationToken cancellationToken)
    {
        await Task.Yield(); // leave the accept loop at once
        _counters.Opened();
        Socket? server = null;
        try
        {
            // Both sides carry small request/response SQL packets; Nagle would add up to 40 ms to each.
            client.NoDelay = true;
            server = await _sockets!.CreateTcpSocketAsync(cancellationToken).ConfigureAwait(false);
            server.NoDelay = true;
            using (var connect = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                connect.CancelAfter(ConnectTimeout);
                await server.ConnectAsync(Route.Target, connect.Token).ConfigureAwait(false);
            }

            if (!await TcpSplice.RunAsync(client, server, _counters, cancellationToken).ConfigureAwait(false))
            {
                // Pass an abort on as a reset, as a direct connection to the server would have shown it.
                client.LingerState = new LingerOption(true, 0);
            }
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            if (!cancellationToken.IsCancellationRequested)
            {
                _counters.ConnectFailed();
                Note($"connect to {Route.Target} in {Route.RouterNamespace} failed: {ex.Message}");
                client.LingerState = new LingerOption(true, 0);
            }
        }
        finally
        {
            server?.Dispose();
            client.Dispose();
            _counters.Closed();
            _sessions.TryRemove(id, out _);
        }
    }

    private void Note(string message)
    {
        Volatile.Write(ref _lastError, message);
        _log($"endpoint {Route.Region}: {message}");
    }

    /// <summary>Stops listening, ends every open session, and leaves the router namespace.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        _listener?.Dispose();
        if (_acceptLoop is not null)
        {
            await _acceptLoop.ConfigureAwait(false);
        }

        await Task.WhenAll(_sessions.Values).ConfigureAwait(false);
        _sockets?.Dispose();
        _stopping.Dispose();
    }
}
