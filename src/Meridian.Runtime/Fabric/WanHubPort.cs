namespace Meridian.Runtime.Fabric;

/// <summary>One router attached to the hub: its region, its WAN address (198.18.0.0/15) and its <c>wan0</c> TUN.</summary>
public sealed record WanHubPort(string Region, string WanAddress, TunDevice Tun);
