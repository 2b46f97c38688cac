namespace Meridian.Core.Spec;

/// <summary>
/// Where the regions' SQL endpoints listen for the operator (docs/spec.md, "endpoints"): the first region on
/// 127.0.0.1:<see cref="Port"/>, region i (0-based, spec order) on <see cref="Port"/> + i. Two labs on one machine need
/// ranges that do not overlap.
/// </summary>
public sealed record EndpointsSpec(int Port)
{
    /// <summary>MariaDB's own port, so `mariadb -h 127.0.0.1` reaches the first region without -P.</summary>
    public const int DefaultPort = 3306;

    /// <summary>Ports below 1024 are privileged (only root may bind them) and belong to well-known services.</summary>
    public const int LowestPort = 1024;

    public const int HighestPort = 65535;

    /// <summary>
    /// Linux's default ephemeral range (net.ipv4.ip_local_port_range, 32768–60999): an outgoing connection may hold such a
    /// port on 127.0.0.1 when the endpoint wants to listen there. https://www.kernel.org/doc/Documentation/networking/ip-sysctl.txt
    /// </summary>
    public const int EphemeralLow = 32768;

    public const int EphemeralHigh = 60999;

    public static readonly EndpointsSpec Default = new(DefaultPort);

    /// <summary>The endpoint port of the region at <paramref name="regionOffset"/> (0 = the first region in the spec).</summary>
    public int PortOf(int regionOffset) => Port + regionOffset;

    /// <summary>The highest first port that still leaves room for <paramref name="regionCount"/> consecutive ports.</summary>
    public static int HighestFirstPort(int regionCount) => HighestPort - Math.Max(regionCount, 1) + 1;
}
