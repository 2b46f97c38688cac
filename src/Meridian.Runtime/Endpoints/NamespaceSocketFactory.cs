using System.Collections.Concurrent;
using System.Net.Sockets;
using Meridian.Runtime.Fabric;

namespace Meridian.Runtime.Endpoints;

/// <summary>
/// Creates TCP sockets that belong to one network namespace, from one dedicated thread that entered it once
/// (<see cref="NetnsScope"/>): setns(2) is per thread, and a socket keeps the namespace it was created in for its whole
/// life (https://man7.org/linux/man-pages/man7/network_namespaces.7.html), so the caller may connect and use it from
/// any thread. One long-lived thread instead of one per connection keeps connection setup to a queue hop.
/// </summary>
public sealed class NamespaceSocketFactory : IDisposable
{
    private readonly BlockingCollection<TaskCompletionSource<Socket>> _requests = [];
    private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task<bool> _worker;

    private NamespaceSocketFactory(string namespaceName)
    {
        Namespace = namespaceName;
        _worker = NetnsScope.RunAsync(namespaceName, Serve);
    }

    public string Namespace { get; }

    /// <summary>Starts the thread and returns once it is inside <paramref name="namespaceName"/>; throws when it cannot enter.</summary>
    public static async Task<NamespaceSocketFactory> StartAsync(string namespaceName, CancellationToken cancellationToken = default)
    {
        var factory = new NamespaceSocketFactory(namespaceName);
        try
        {
            var first = await Task.WhenAny(factory._entered.Task, factory._worker).WaitAsync(cancellationToken).ConfigureAwait(false);
            if (first == factory._worker)
            {
                await factory._worker.ConfigureAwait(false); // rethrows why setns failed
            }

            return factory;
        }
        catch
        {
            factory.Dispose();
            throw;
        }
    }

    /// <summary>A new, unconnected IPv4 TCP socket in <see cref="Namespace"/>.</summary>
    public async Task<Socket> CreateTcpSocketAsync(CancellationToken cancellationToken = default)
    {
        var request = new TaskCompletionSource<Socket>(TaskCreationOptions.RunContinuationsAsynchronously);
        ObjectDisposedException.ThrowIf(_requests.IsAddingCompleted, this);
        try
        {
            _requests.Add(request, cancellationToken);
        }
        catch (InvalidOperationException ex)
        {
            throw new ObjectDisposedException("the namespace socket factory was disposed while a connection was being set up", ex);
        }

        using var registration = cancellationToken.Register(() => request.TrySetCanceled(cancellationToken));
        return await request.Task.ConfigureAwait(false);
    }

    private bool Serve()
    {
        _entered.TrySetResult();
        foreach (var request in _requests.GetConsumingEnumerable())
        {
            try
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                if (!request.TrySetResult(socket))
                {
                    socket.Dispose(); // the caller gave up meanwhile
                }
            }
            catch (SocketException ex)
            {
                request.TrySetException(ex);
            }
        }

        return true;
    }

    public void Dispose()
    {
        // GetConsumingEnumerable drains what was queued before it ends, so no request is left hanging.
        _requests.CompleteAdding();
        try
        {
            _worker.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The thread never entered the namespace; StartAsync already reported why.
        }

        _requests.Dispose();
    }
}
