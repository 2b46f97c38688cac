namespace Meridian.Runtime.Fabric;

/// <summary>
/// A namespace on the emulated WAN that is no region: it has a <c>wan0</c> (its own WAN hub port) and a WAN address,
/// but no LAN. The bare machines' operator namespace is one (docs/lab.md, "Bare machines").
/// </summary>
/// <param name="Name">The hub's name for the port, in place of a region name; it must not be a region of the plan.</param>
/// <param name="Namespace">The network namespace, created by <see cref="LocalFabric"/> like a host's.</param>
/// <param name="WanAddress">An address in 198.18.0.0/15 that no router uses.</param>
/// <param name="Rtt">Round-trip time to every region's router.</param>
public sealed record WanAttachment(string Name, string Namespace, string WanAddress, TimeSpan Rtt);
