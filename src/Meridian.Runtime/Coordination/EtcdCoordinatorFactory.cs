namespace Meridian.Runtime.Coordination;

/// <summary>Builds an <see cref="EtcdCoordinator"/> from the few facts a host or the CLI has at hand.</summary>
public static class EtcdCoordinatorFactory
{
    /// <param name="endpoints">Client URLs, preferred (nearest) member first.</param>
    /// <param name="dialNamespace">Open sockets in this network namespace (lab CLI and tests); null for the caller's own.</param>
    public static EtcdCoordinator Create(
        IEnumerable<Uri> endpoints,
        string certificateFile,
        string keyFile,
        string caFile,
        string cluster,
        string? dialNamespace = null)
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
        });
    }
}
