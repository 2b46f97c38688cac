namespace Meridian.Runtime.Coordination;

/// <summary>Builds an <see cref="EtcdCoordinator"/> from the few facts a host or the CLI has at hand.</summary>
public static class EtcdCoordinatorFactory
{
    /// <param name="endpoints">Client URLs, preferred (nearest) member first.</param>
    /// <param name="dialNamespace">Open sockets in this network namespace (lab CLI and tests); null for the caller's own.</param>
    /// <param name="dialNamespaceByHost">Per member (by URL host), the namespace to dial it from, ahead of <paramref name="dialNamespace"/>.</param>
    public static EtcdCoordinator Create(
        IEnumerable<Uri> endpoints,
        string certificateFile,
        string keyFile,
        string caFile,
        string cluster,
        string? dialNamespace = null,
        IReadOnlyDictionary<string, string>? dialNamespaceByHost = null)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentException.ThrowIfNullOrWhiteSpace(cluster);
        return new EtcdCoordinator(new EtcdCoordinatorOptions
        {
            Endpoints = [.. endpoints],
            CertificateFile = certificateFile,
            KeyFile = keyFile,
            CaFile = caFile,
            Cluster = cluster,
            DialNamespace = dialNamespace,
            DialNamespaceByHost = dialNamespaceByHost,
        });
    }
}
