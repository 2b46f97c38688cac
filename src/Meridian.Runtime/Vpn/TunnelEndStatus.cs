namespace Meridian.Runtime.Vpn;

/// <summary>
/// One router's view of one tunnel. <see cref="IkeState"/> and <see cref="ChildState"/> are null when that router has no
/// such SA; <see cref="CharonRunning"/> is false when its charon is down or its vici socket does not answer.
/// </summary>
public sealed record TunnelEndStatus(
    string Region,
    bool CharonRunning,
    string? IkeState,
    string? ChildState,
    long BytesIn,
    long BytesOut,
    long PacketsIn,
    long PacketsOut)
{
    public bool IsUp => CharonRunning && IkeState == IkeSaStatus.Established && ChildState == ChildSaStatus.Installed;

    public static TunnelEndStatus Down(string region, bool charonRunning) => new(region, charonRunning, null, null, 0, 0, 0, 0);
}
