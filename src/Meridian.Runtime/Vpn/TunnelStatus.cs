namespace Meridian.Runtime.Vpn;

/// <summary>
/// A planned tunnel as both routers see it, for <c>meridian status</c>. Up only when both ends have an ESTABLISHED
/// IKE_SA with an INSTALLED CHILD_SA: one end alone may still hold a stale SA after its peer crashed.
/// </summary>
public sealed record TunnelStatus(string Name, TunnelEndStatus Initiator, TunnelEndStatus Responder)
{
    public bool IsUp => Initiator.IsUp && Responder.IsUp;

    public string Describe() =>
        $"{Name} ({Initiator.Region} -> {Responder.Region}): initiator IKE={Initiator.IkeState ?? "none"} CHILD={Initiator.ChildState ?? "none"}" +
        $"{(Initiator.CharonRunning ? string.Empty : " [charon down]")}, responder IKE={Responder.IkeState ?? "none"} CHILD={Responder.ChildState ?? "none"}" +
        $"{(Responder.CharonRunning ? string.Empty : " [charon down]")}";
}
