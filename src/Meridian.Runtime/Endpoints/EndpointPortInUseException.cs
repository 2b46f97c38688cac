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

    /// <summary>
    /// What to do about it, for the CLI's "fix:" line: first the spec's endpoints.port (docs/spec.md, "endpoints").
    /// A holder named meridian is another lab's supervisor (it owns that lab's forwarders, docs/lab.md): stopping it by
    /// PID would orphan that lab, so the hint offers `meridian down` for it instead.
    /// </summary>
    public string Hint => Holder switch
    {
        { Process: "meridian" } h => $"another Meridian lab (supervisor PID {h.Pid}) holds it: give this lab its own range with endpoints.port in the spec (e.g. endpoints: {{port: 13306}}; docs/spec.md), or take that lab down with `meridian down`; then run `meridian up` again",
        { } h => $"set endpoints.port in the spec to a free range (e.g. endpoints: {{port: 13306}}; docs/spec.md), or stop {h.Process} (PID {h.Pid}); then run `meridian up` again",
        null => $"set endpoints.port in the spec to a free range (e.g. endpoints: {{port: 13306}}; docs/spec.md), or free port {Port} (`ss -ltnp 'sport = :{Port}'` shows who holds it); then run `meridian up` again",
    };

    private static string Describe(string region, int port, PortHolder? holder) =>
        $"cannot open the SQL endpoint of {region} on 127.0.0.1:{port}: the port is already in use" +
        (holder is { } h ? $" by {h.Process} (PID {h.Pid}, listening on {h.LocalAddress})" : string.Empty) +
        ". Each region's endpoint listens on endpoints.port + its position in the spec (3306, 3307, 3308, … by default).";
}
