using System.Net;
using System.Net.Sockets;
using Meridian.Core.Hosts;
using Meridian.Runtime.Endpoints;

namespace Meridian.Runtime.Hosts.Readiness;

/// <summary>
/// Maps each <see cref="ReadinessProbe"/> kind to its check. Pluggable: a runner can be given a resolver that knows more
/// kinds and falls back to <see cref="For"/>.
/// </summary>
public static class WaitStrategies
{
    /// <summary>Each connect attempt is bounded, so an address that drops packets cannot hold the loop past its timeout.</summary>
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(1);

    public static IWaitUntil For(ReadinessProbe probe) => probe switch
    {
        NoReadinessProbe => new Always(),
        TcpConnectProbe tcp => new TcpConnect(new IPEndPoint(IPAddress.Parse(tcp.Address), tcp.Port)),
        TcpListeningProbe tcp => new TcpListening(new IPEndPoint(IPAddress.Parse(tcp.Address), tcp.Port)),
        UnixSocketProbe unix => new UnixSocketConnect(unix.Path),
        CommandProbe command => new CommandExitsZero(command.Command),
        FileExistsProbe file => new FileExists(file.Path),
        ChildProcessProbe => new HasChild(),
        AllOfProbe all => new AllOf([.. all.Probes.Select(For)]),
        _ => throw new ArgumentOutOfRangeException(nameof(probe), probe, $"no check for readiness probe {probe.GetType().Name}"),
    };

    private sealed class Always : IWaitUntil
    {
        public Task<bool> UntilAsync(ProbeTarget target, CancellationToken cancellationToken) => Task.FromResult(true);
    }

    /// <summary>The socket is made in the host's network namespace (it keeps it), then connected from here.</summary>
    private sealed class TcpConnect(IPEndPoint endPoint) : IWaitUntil
    {
        public async Task<bool> UntilAsync(ProbeTarget target, CancellationToken cancellationToken)
        {
            using var socket = await target.Context.InNetworkAsync(() => new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp)).ConfigureAwait(false);
            using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            attempt.CancelAfter(ConnectTimeout);
            try
            {
                await socket.ConnectAsync(endPoint, attempt.Token).ConfigureAwait(false);
                return true;
            }
            catch (SocketException)
            {
                return false;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return false;
            }
        }
    }

    /// <summary>/proc/thread-self/net/tcp read in the host's network namespace: no connection, no backend session.</summary>
    private sealed class TcpListening(IPEndPoint endPoint) : IWaitUntil
    {
        public async Task<bool> UntilAsync(ProbeTarget target, CancellationToken cancellationToken)
        {
            var table = await target.Context.InNetworkAsync(() => File.ReadAllText("/proc/thread-self/net/tcp")).ConfigureAwait(false);
            return ListeningSockets.Listeners(table).Any(l => l.Port == endPoint.Port && (l.Address.Equals(endPoint.Address) || l.Address.Equals(IPAddress.Any)));
        }
    }

    /// <summary>Unix sockets live in the file system, so the connect works from any network namespace.</summary>
    private sealed class UnixSocketConnect(string path) : IWaitUntil
    {
        public async Task<bool> UntilAsync(ProbeTarget target, CancellationToken cancellationToken)
        {
            if (!File.Exists(path))
            {
                return false;
            }

            using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (SocketException)
            {
                return false; // The file exists a moment before the daemon listens on it.
            }
        }
    }

    private sealed class CommandExitsZero(DaemonCommand command) : IWaitUntil
    {
        public async Task<bool> UntilAsync(ProbeTarget target, CancellationToken cancellationToken)
        {
            var request = target.Context.Command(command.Program, command.Arguments).AllowingFailure().WithTimeout(TimeSpan.FromSeconds(10));
            var result = await target.Commands.RunAsync(request, cancellationToken).ConfigureAwait(false);
            return result.Succeeded;
        }
    }

    private sealed class FileExists(string path) : IWaitUntil
    {
        public Task<bool> UntilAsync(ProbeTarget target, CancellationToken cancellationToken) => Task.FromResult(File.Exists(path));
    }

    private sealed class HasChild : IWaitUntil
    {
        public Task<bool> UntilAsync(ProbeTarget target, CancellationToken cancellationToken) => Task.FromResult(!target.Process.Children().IsEmpty);
    }

    private sealed class AllOf(IWaitUntil[] checks) : IWaitUntil
    {
        public async Task<bool> UntilAsync(ProbeTarget target, CancellationToken cancellationToken)
        {
            foreach (var check in checks)
            {
                if (!await check.UntilAsync(target, cancellationToken).ConfigureAwait(false))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
