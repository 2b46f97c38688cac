using System.Globalization;
using System.Net;
using Meridian.Runtime.Fabric;

namespace Meridian.Runtime.Endpoints;

/// <summary>
/// Whether a TCP port listens inside a network namespace, read from <c>/proc/thread-self/net/tcp</c> on a thread that
/// entered the namespace: <c>/proc/self/net</c> shows the namespace of the process's main thread, the thread-self view
/// shows the calling thread's (https://man7.org/linux/man-pages/man5/proc_pid_net.5.html). No process is spawned, so
/// polling every few milliseconds is cheap.
/// </summary>
public static class ListeningSockets
{
    private const string TcpTable = "/proc/thread-self/net/tcp";
    private const string ListenState = "0A"; // TCP_LISTEN in include/net/tcp_states.h

    /// <summary>True when a socket in <paramref name="namespaceName"/> listens on <paramref name="endpoint"/> or on 0.0.0.0 with its port.</summary>
    public static async Task<bool> IsListeningAsync(string namespaceName, IPEndPoint endpoint, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        cancellationToken.ThrowIfCancellationRequested();
        var table = await NetnsScope.RunAsync(namespaceName, () => File.ReadAllText(TcpTable)).ConfigureAwait(false);
        return Listeners(table).Any(l => l.Port == endpoint.Port && (l.Address.Equals(endpoint.Address) || l.Address.Equals(IPAddress.Any)));
    }

    /// <summary>The LISTEN rows of a /proc/net/tcp table. Addresses are the kernel's __be32 printed as a native-endian hex word.</summary>
    public static IEnumerable<IPEndPoint> Listeners(string procNetTcp)
    {
        ArgumentNullException.ThrowIfNull(procNetTcp);
        foreach (var line in procNetTcp.Split('\n').Skip(1))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 4 || fields[3] != ListenState)
            {
                continue;
            }

            var local = fields[1].Split(':');
            var word = uint.Parse(local[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            var port = int.Parse(local[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            // The word was printed in native order, so its native-order bytes are the address bytes on any endianness.
            yield return new IPEndPoint(new IPAddress(BitConverter.GetBytes(word)), port);
        }
    }
}
