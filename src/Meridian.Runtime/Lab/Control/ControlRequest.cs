using System.Text.Json.Serialization;

namespace Meridian.Runtime.Lab.Control;

/// <summary>
/// One request to a supervisor over its control socket (docs/lab.md, "The control socket"): one JSON object per line,
/// whose <c>op</c> property names the request type. Every request type is listed here, so the supervisor's
/// deserializer knows them all and an unknown <c>op</c> is refused before it reaches a handler.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "op", UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FailSerialization)]
[JsonDerivedType(typeof(PingRequest), "ping")]
[JsonDerivedType(typeof(ShutdownRequest), "shutdown")]
[JsonDerivedType(typeof(VpnUpRequest), "vpn.up")]
[JsonDerivedType(typeof(VpnStatusRequest), "vpn.status")]
[JsonDerivedType(typeof(DatabaseUpRequest), "db.up")]
[JsonDerivedType(typeof(DatabaseStatusRequest), "db.status")]
[JsonDerivedType(typeof(RecoveryViewRequest), "db.recovery")]
[JsonDerivedType(typeof(ForceBootstrapRequest), "db.recovery.force")]
[JsonDerivedType(typeof(WanShowRequest), "wan.show")]
[JsonDerivedType(typeof(SetWanLinkRequest), "wan.set")]
[JsonDerivedType(typeof(CutWanLinkRequest), "wan.cut")]
[JsonDerivedType(typeof(HealWanLinkRequest), "wan.heal")]
[JsonDerivedType(typeof(IsolateRegionRequest), "wan.isolate")]
[JsonDerivedType(typeof(RejoinRegionRequest), "wan.rejoin")]
[JsonDerivedType(typeof(BootMachinesRequest), "machines.boot")]
[JsonDerivedType(typeof(RebootMachineRequest), "machines.reboot")]
[JsonDerivedType(typeof(PowerOnMachineRequest), "machines.power.on")]
[JsonDerivedType(typeof(PowerOffMachineRequest), "machines.power.off")]
public abstract record ControlRequest;

/// <summary>
/// A request whose successful answer is a <typeparamref name="TResponse"/>. The supervisor answers through
/// <see cref="Reply"/> and the client reads through <see cref="ControlClient.SendAsync{TResponse}"/>, so the compiler
/// holds both sides to the same type.
/// </summary>
public abstract record ControlRequest<TResponse> : ControlRequest
{
    public ControlResponse Reply(TResponse response) => ControlResponse.Success(response);
}
