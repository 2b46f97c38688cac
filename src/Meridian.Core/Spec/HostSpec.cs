namespace Meridian.Core.Spec;

/// <summary>
/// One planned host of a region as a <c>provider: ssh</c> spec places it (docs/providers.md, "The ssh spec"), keyed by
/// the host's short name: <c>vpn</c> (the router), <c>db1</c>…<c>db9</c>, <c>arb</c>. Every field is optional:
/// <see cref="Address"/> replaces the planned LAN address; <see cref="Public"/> is an address the operator (and, for the
/// router, the other routers' IKE) reach from outside; a host without one is reached through its region's router as SSH
/// jump host. <see cref="User"/>, <see cref="Port"/> and <see cref="KeyFile"/> override the spec's <c>ssh</c> defaults.
/// </summary>
public sealed record HostSpec(string ShortName, string? Address, string? Public, string? User, int? Port, string? KeyFile)
{
    /// <summary>
    /// <see cref="Public"/> is translated by the network (an EC2 Elastic IP) and is not on any of the host's
    /// interfaces, so nothing on the host may bind to it (docs/providers.md, "What only a real account can prove").
    /// Set by <c>provider: aws</c>'s hand-off; a spec cannot write it.
    /// </summary>
    public bool PublicIsTranslated { get; init; }

    public const string RouterShortName = "vpn";

    public const string ArbitratorShortName = "arb";

    public static string NodeShortName(int ordinal) => $"db{ordinal}";
}
