namespace Meridian.Runtime.Endpoints;

/// <summary>One forwarder as `status` shows it; plain data so it crosses the supervisor's control socket as JSON.</summary>
public sealed record EndpointForwarderStatus(
    string Region,
    string Listen,
    string Target,
    bool Listening,
    long ConnectionsAccepted,
    long ConnectionsActive,
    long ConnectionsFailed,
    long BytesToEndpoint,
    long BytesFromEndpoint,
    string? LastError);
