namespace Meridian.Core.Planning;

/// <summary>
/// One host of the topology. <see cref="Namespace"/> is used by the local provider only;
/// interface names are at most 15 characters and unique within the host's own namespace.
/// </summary>
public sealed record HostPlan(
    string Name,
    string Region,
    HostRole Roles,
    string LanAddress,
    int LanPrefix,
    string? WanAddress,
    int Ordinal,
    string Namespace,
    string LanInterface,
    string RouterPortInterface)
{
    public bool Is(HostRole role) => (Roles & role) == role;

    /// <summary>How <c>provider: ssh</c> logs in to this host; null for the other providers.</summary>
    public SshAccess? Ssh { get; init; }
}
