namespace Meridian.Runtime.Lab;

/// <summary>One planned tunnel as `status` shows it.</summary>
public sealed record TunnelView(string Name, string Initiator, string Responder, bool Up, string Detail);
