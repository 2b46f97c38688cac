using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using dotnet_etcd;
using Grpc.Net.Client;
using Meridian.Runtime.Fabric;

namespace Meridian.Runtime.Coordination;

/// <summary>
/// One member's client URL with its own gRPC channel and dotnet-etcd client. One channel per member (rather than
/// dotnet-etcd's round-robin over all of them) lets the coordinator choose the member: its own region's first, and a
/// status call must reach exactly the member it asks about.
/// </summary>
internal sealed class EtcdEndpoint : IDisposable
{
    private readonly GrpcChannel _channel;

    private EtcdEndpoint(Uri url, GrpcChannel channel, EtcdServerCertificateValidator validator)
    {
        Url = url;
        _channel = channel;
        Validator = validator;
        Client = new EtcdClient(channel.CreateCallInvoker());
        Leases = new Etcdserverpb.Lease.LeaseClient(channel);
    }

    public Uri Url { get; }

    public EtcdClient Client { get; }

    /// <summary>
    /// The generated lease stub, for a single keep-alive round trip: dotnet-etcd's LeaseKeepAlive helpers keep a stream
    /// open in the background, but a report is refreshed by each publish (https://etcd.io/docs/v3.4/learning/api/#lease-api).
    /// </summary>
    public Etcdserverpb.Lease.LeaseClient Leases { get; }

    public EtcdServerCertificateValidator Validator { get; }

    public static EtcdEndpoint Open(Uri url, X509Certificate2 clientCertificate, X509Certificate2Collection trustedRoots, EtcdCoordinatorOptions options)
    {
        if (url.Scheme != Uri.UriSchemeHttps)
        {
            throw new ArgumentException($"{url} is not https: etcd serves clients over TLS with client certificates only.", nameof(options));
        }

        var validator = new EtcdServerCertificateValidator(trustedRoots);
        var expectedHost = url.IdnHost;
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = options.ConnectTimeout,

            // gRPC over one long-lived HTTP/2 connection; pings notice a dead member while idle
            // (https://learn.microsoft.com/aspnet/core/grpc/performance#keep-alive-pings).
            KeepAlivePingDelay = TimeSpan.FromSeconds(10),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(5),
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.Always,
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
            EnableMultipleHttp2Connections = true,
            SslOptions = new SslClientAuthenticationOptions
            {
                EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,

                // A context sends this certificate whatever CA list the server advertises.
                ClientCertificateContext = SslStreamCertificateContext.Create(clientCertificate, additionalCertificates: null, offline: true),
                RemoteCertificateValidationCallback = (_, certificate, _, errors) => validator.Validate(certificate, expectedHost, errors),
            },
        };
        if ((options.DialNamespaceByHost?.GetValueOrDefault(url.IdnHost) ?? options.DialNamespace) is { } namespaceName)
        {
            handler.ConnectCallback = (context, cancellationToken) => ConnectInNamespaceAsync(namespaceName, context.DnsEndPoint, cancellationToken);
        }

        var channel = GrpcChannel.ForAddress(url, new GrpcChannelOptions { HttpHandler = handler, DisposeHttpClient = true });
        return new EtcdEndpoint(url, channel, validator);
    }

    /// <summary>
    /// The socket is created on a thread inside <paramref name="namespaceName"/> and keeps that namespace afterwards
    /// (socket(7) binds the netns at creation), so connecting from a pool thread reaches the namespace's routes.
    /// </summary>
    private static async ValueTask<Stream> ConnectInNamespaceAsync(string namespaceName, DnsEndPoint endPoint, CancellationToken cancellationToken)
    {
        var family = IPAddress.TryParse(endPoint.Host, out var address) ? address.AddressFamily : AddressFamily.InterNetwork;
        var socket = await NetnsScope.RunAsync(namespaceName, () => new Socket(family, SocketType.Stream, ProtocolType.Tcp)).ConfigureAwait(false);
        try
        {
            socket.NoDelay = true;
            await socket.ConnectAsync(endPoint, cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        Client.Dispose();
        _channel.Dispose();
    }

    public override string ToString() => Url.ToString();
}
