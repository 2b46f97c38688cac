namespace Meridian.Runtime.Endpoints;

/// <summary>A forwarder's 127.0.0.1 port is taken. The message names the port, the holder when known, and the fix.</summary>
public sealed class EndpointPortInUseException : Exception
{
    public EndpointPortInUseException()
    {
    }

    public EndpointPortInUseException(string message)
        : base(message)
    {
    }

    public EndpointPortInUseException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public EndpointPortInUseException(string region, int port, PortHolder? holder, Exception innerException)
        : base(Describe(region, port, holder), innerException)
    {
        Region = region;
        Port = port;
        Holder = holder;
    }

    public string Region { get; } = string.Empty;

    public int Port { get; }

    public PortHolder? Holder { get; }

    /// <summary>What to do about it, for the CLI's "fix:" line.</summary>
    public string Hint => Holder is { } h
        ? $"set endpoints.port in the spec to a free range (e.g. endpoints: {{port: 13306}}; docs/spec.md), or stop {h.Process} (PID {h.Pid}); then run `meridian up` again"
        : $"set endpoints.port in the spec to a free range (e.g. endpoints: {{port: 13306}}; docs/spec.md), or free port {Port} (`ss -ltnp 'sport = :{Port}'` shows who holds it); then run `meridian up` again";

    private static string Describe(string region, int port, PortHolder? holder) =>
        $"cannot open the SQL endpoint of {region} on 127.0.0.1:{port}: the port is already in use" +
        (holder is { } h ? $" by {h.Process} (PID {h.Pid}, listening on {h.LocalAddress})" : string.Empty) +
        ". Each region's endpoint listens on endpoints.port + its position in the spec (3306, 3307, 3308, … by default).";
}
