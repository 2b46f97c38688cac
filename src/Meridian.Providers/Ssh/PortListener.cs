namespace Meridian.Providers.Ssh;

/// <summary>A listening socket on a host: protocol (tcp/udp), local address and port, and the process holding it.</summary>
public sealed record PortListener(string Protocol, string Address, int Port, string? Process);
