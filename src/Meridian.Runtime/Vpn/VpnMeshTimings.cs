namespace Meridian.Runtime.Vpn;

/// <summary>Where the time of <see cref="VpnMesh.StartAsync"/> went, measured from its start.</summary>
public sealed record VpnMeshTimings(TimeSpan CharonsReady, TimeSpan ConfigsLoaded, TimeSpan AllTunnelsInstalled);
