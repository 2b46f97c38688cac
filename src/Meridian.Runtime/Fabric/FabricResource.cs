namespace Meridian.Runtime.Fabric;

/// <summary>
/// One thing the fabric ensured exists. <paramref name="Created"/> is false when it was already there, so a second
/// <c>up</c> can show that it changed nothing.
/// </summary>
public sealed record FabricResource(FabricResourceKind Kind, string Namespace, string Name, string Detail, bool Created);
