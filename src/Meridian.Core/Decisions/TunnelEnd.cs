namespace Meridian.Core.Decisions;

/// <summary>Which router of a tunnel: the one that initiates it (start_action=start) or the one that answers.</summary>
public enum TunnelEnd
{
    Initiator,
    Responder,
}
