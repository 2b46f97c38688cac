namespace Meridian.Runtime.Fabric;

/// <summary>What kind of kernel object a <see cref="FabricResource"/> is.</summary>
public enum FabricResourceKind
{
    Namespace,
    Bridge,
    Veth,
    Address,
    Route,
    FirewallRule,
    Sysctl,
    Tun,
}
