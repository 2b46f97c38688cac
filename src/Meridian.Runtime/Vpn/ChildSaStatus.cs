using System.Collections.Immutable;

namespace Meridian.Runtime.Vpn;

/// <summary>
/// One CHILD_SA of an IKE_SA (vici <c>list-sa</c>, <c>child-sas</c> section). <see cref="State"/> is INSTALLED once
/// traffic can flow; <see cref="Encapsulated"/> is true for ESP-in-UDP (port 4500), the only mode libipsec uses here.
/// </summary>
public sealed record ChildSaStatus(
    string Name,
    long UniqueId,
    string State,
    string Mode,
    bool Encapsulated,
    ImmutableArray<string> LocalTrafficSelectors,
    ImmutableArray<string> RemoteTrafficSelectors,
    long BytesIn,
    long PacketsIn,
    long BytesOut,
    long PacketsOut)
{
    public const string Installed = "INSTALLED";

    /// <summary>The SPI the peer puts in the ESP packets it sends us (hex, as vici reports it), or null.</summary>
    public string? SpiIn { get; init; }

    /// <summary>The SPI in the ESP packets this end sends (hex, as vici reports it): the first 4 bytes of each ESP-in-UDP payload.</summary>
    public string? SpiOut { get; init; }

    public bool IsInstalled => State == Installed;
}
